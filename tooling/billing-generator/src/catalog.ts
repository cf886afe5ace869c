// A small price list in the shape of AWS's: services, their usage types and on-demand rates.
// Rates are integers in units of 1e-10 so that every cost is computed exactly.

export type AmountKind = "hours" | "gb" | "gbMonth" | "requests" | "gbSeconds";

export interface UsageTypeSpec {
  readonly usageType: string;
  readonly operation: string;
  readonly unit: string;
  readonly kind: AmountKind;
  /** Public on-demand rate per unit, in 1e-10 of the currency. */
  readonly rate: number;
  readonly description: string;
  readonly instanceType: string;
  /** RI and Savings Plan benefits apply only to instance hours. */
  readonly discountable: boolean;
}

export interface ServiceSpec {
  readonly code: string;
  readonly name: string;
  readonly family: string;
  readonly category: string;
  readonly weight: number;
  readonly resourcePrefix: string;
  readonly usageTypes: readonly UsageTypeSpec[];
}

const RATE_UNIT = 1e10;

function usage(
  usageType: string,
  operation: string,
  unit: string,
  kind: AmountKind,
  rate: number,
  description: string,
  instanceType = "",
): UsageTypeSpec {
  return {
    usageType,
    operation,
    unit,
    kind,
    rate: Math.round(rate * RATE_UNIT),
    description,
    instanceType,
    discountable: kind === "hours" && instanceType !== "",
  };
}

export const SERVICES: readonly ServiceSpec[] = [
  {
    code: "AmazonEC2",
    name: "Amazon Elastic Compute Cloud",
    family: "Compute Instance",
    category: "Compute",
    weight: 30,
    resourcePrefix: "i-",
    usageTypes: [
      usage(
        "BoxUsage:m5.large",
        "RunInstances",
        "Hrs",
        "hours",
        0.096,
        "$0.096 per On Demand Linux m5.large Instance Hour",
        "m5.large",
      ),
      usage(
        "BoxUsage:t3.micro",
        "RunInstances",
        "Hrs",
        "hours",
        0.0104,
        "$0.0104 per On Demand Linux t3.micro Instance Hour",
        "t3.micro",
      ),
      usage(
        "BoxUsage:c5.xlarge",
        "RunInstances:0002",
        "Hrs",
        "hours",
        0.376,
        "$0.376 per On Demand Windows c5.xlarge Instance Hour",
        "c5.xlarge",
      ),
      usage(
        "EBS:VolumeUsage.gp3",
        "CreateVolume-Gp3",
        "GB-Mo",
        "gbMonth",
        0.08,
        "$0.08 per GB-month of General Purpose (gp3) provisioned storage",
      ),
      usage("NatGateway-Hours", "NatGateway", "Hrs", "hours", 0.045, "$0.045 per NAT Gateway Hour"),
    ],
  },
  {
    code: "AmazonS3",
    name: "Amazon Simple Storage Service",
    family: "Storage",
    category: "Storage",
    weight: 12,
    resourcePrefix: "bucket-",
    usageTypes: [
      usage(
        "TimedStorage-ByteHrs",
        "StandardStorage",
        "GB-Mo",
        "gbMonth",
        0.023,
        "$0.023 per GB - first 50 TB / month of storage used",
      ),
      usage(
        "Requests-Tier1",
        "PutObject",
        "Requests",
        "requests",
        0.000005,
        "$0.005 per 1,000 PUT, COPY, POST, or LIST requests",
      ),
      usage(
        "Requests-Tier2",
        "GetObject",
        "Requests",
        "requests",
        0.0000004,
        "$0.0004 per 1,000 GET and all other requests",
      ),
    ],
  },
  {
    code: "AmazonRDS",
    name: "Amazon Relational Database Service",
    family: "Database Instance",
    category: "Databases",
    weight: 10,
    resourcePrefix: "db-",
    usageTypes: [
      usage(
        "InstanceUsage:db.t3.medium",
        "CreateDBInstance:0014",
        "Hrs",
        "hours",
        0.072,
        "$0.072 per RDS db.t3.medium instance hour (or partial hour) running PostgreSQL",
        "db.t3.medium",
      ),
      usage(
        "RDS:GP2-Storage",
        "CreateDBInstance:0014",
        "GB-Mo",
        "gbMonth",
        0.115,
        "$0.115 per GB-month of provisioned GP2 storage running PostgreSQL",
      ),
    ],
  },
  {
    code: "AWSLambda",
    name: "AWS Lambda",
    family: "Serverless",
    category: "Compute",
    weight: 8,
    resourcePrefix: "function:",
    usageTypes: [
      usage(
        "Request",
        "Invoke",
        "Requests",
        "requests",
        0.0000002,
        "AWS Lambda - Total Requests - US East (Northern Virginia)",
      ),
      usage(
        "Lambda-GB-Second",
        "Invoke",
        "Lambda-GB-Second",
        "gbSeconds",
        0.0000166667,
        "AWS Lambda - Total Compute - US East (Northern Virginia)",
      ),
    ],
  },
  {
    code: "AmazonDynamoDB",
    name: "Amazon DynamoDB",
    family: "Amazon DynamoDB PayPerRequest Throughput",
    category: "Databases",
    weight: 6,
    resourcePrefix: "table/",
    usageTypes: [
      usage(
        "ReadRequestUnits",
        "PayPerRequestThroughput",
        "ReadRequestUnits",
        "requests",
        0.00000025,
        "$0.25 per million read request units",
      ),
      usage(
        "WriteRequestUnits",
        "PayPerRequestThroughput",
        "WriteRequestUnits",
        "requests",
        0.00000125,
        "$1.25 per million write request units",
      ),
    ],
  },
  {
    code: "AWSDataTransfer",
    name: "AWS Data Transfer",
    family: "Data Transfer",
    category: "Networking",
    weight: 8,
    resourcePrefix: "",
    usageTypes: [
      usage(
        "DataTransfer-Out-Bytes",
        "",
        "GB",
        "gb",
        0.09,
        "$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier",
      ),
      usage(
        "DataTransfer-Regional-Bytes",
        "InterZone-In",
        "GB",
        "gb",
        0.01,
        "$0.010 per GB - regional data transfer - in/out/between EC2 AZs or using elastic IPs or ELB",
      ),
    ],
  },
  {
    code: "AmazonCloudWatch",
    name: "AmazonCloudWatch",
    family: "Metric",
    category: "Management and Governance",
    weight: 5,
    resourcePrefix: "metric/",
    usageTypes: [
      usage(
        "CW:MetricMonitorUsage",
        "MetricStorage",
        "Metrics",
        "gbMonth",
        0.3,
        "$0.30 per metric-month - first 10,000 metrics",
      ),
      usage(
        "DataProcessing-Bytes",
        "PutLogEvents",
        "GB",
        "gb",
        0.5,
        "$0.50 per GB custom log data ingested",
      ),
    ],
  },
  {
    code: "AmazonVPC",
    name: "Amazon Virtual Private Cloud",
    family: "VpcEndpoint",
    category: "Networking",
    weight: 4,
    resourcePrefix: "vpce-",
    usageTypes: [
      usage(
        "VpcEndpoint-Hours",
        "VpcEndpoint",
        "Hrs",
        "hours",
        0.01,
        "$0.01 per VPC Endpoint Hour",
      ),
      usage(
        "PublicIPv4:InUseAddress",
        "AssociateAddressVPC",
        "Hrs",
        "hours",
        0.005,
        "$0.005 per In-use public IPv4 address per hour",
      ),
    ],
  },
  {
    code: "AWSELB",
    name: "Elastic Load Balancing",
    family: "Load Balancer-Application",
    category: "Networking",
    weight: 4,
    resourcePrefix: "loadbalancer/app/",
    usageTypes: [
      usage(
        "LoadBalancerUsage",
        "LoadBalancing:Application",
        "Hrs",
        "hours",
        0.0225,
        "$0.0225 per Application LoadBalancer-hour (or partial hour)",
      ),
      usage(
        "LCUUsage",
        "LoadBalancing:Application",
        "LCU-Hrs",
        "gb",
        0.008,
        "$0.008 per used Application load balancer capacity unit-hour (or partial hour)",
      ),
    ],
  },
  {
    code: "AmazonEKS",
    name: "Amazon Elastic Container Service for Kubernetes",
    family: "Compute",
    category: "Containers",
    weight: 3,
    resourcePrefix: "cluster/",
    usageTypes: [
      usage(
        "AmazonEKS-Hours:perCluster",
        "CreateOperation",
        "Hours",
        "hours",
        0.1,
        "Amazon EKS cluster usage in US East (N. Virginia)",
      ),
    ],
  },
  {
    code: "AmazonSQS",
    name: "Amazon Simple Queue Service",
    family: "API Request",
    category: "Application Integration",
    weight: 3,
    resourcePrefix: "",
    usageTypes: [
      usage(
        "Requests-RBP",
        "GetQueueAttributes",
        "Requests",
        "requests",
        0.0000004,
        "$0.40 per million Amazon SQS standard requests in Tier1",
      ),
    ],
  },
  {
    code: "AWSKMS",
    name: "AWS Key Management Service",
    family: "Encryption Key",
    category: "Security, Identity, and Compliance",
    weight: 2,
    resourcePrefix: "key/",
    usageTypes: [
      usage("KMS-Keys", "CreateKey", "Keys", "gbMonth", 1, "$1 per customer managed key per month"),
      usage(
        "KMS-Requests",
        "Decrypt",
        "Requests",
        "requests",
        0.000003,
        "$0.03 per 10,000 requests",
      ),
    ],
  },
];

export interface RegionSpec {
  readonly code: string;
  readonly name: string;
  readonly zones: readonly string[];
}

export const REGIONS: readonly RegionSpec[] = [
  {
    code: "us-east-1",
    name: "US East (N. Virginia)",
    zones: ["us-east-1a", "us-east-1b", "us-east-1c"],
  },
  { code: "us-west-2", name: "US West (Oregon)", zones: ["us-west-2a", "us-west-2b"] },
  { code: "eu-west-1", name: "EU (Ireland)", zones: ["eu-west-1a", "eu-west-1b"] },
  { code: "eu-central-1", name: "EU (Frankfurt)", zones: ["eu-central-1a", "eu-central-1b"] },
  { code: "ap-southeast-2", name: "Asia Pacific (Sydney)", zones: ["ap-southeast-2a"] },
];

/** CUR line item types the generator writes, with their share of the rows. */
export const LINE_ITEM_TYPES = [
  "Usage",
  "DiscountedUsage",
  "SavingsPlanCoveredUsage",
  "Tax",
  "Credit",
  "Refund",
  "RIFee",
  "Fee",
] as const;
export type LineItemType = (typeof LINE_ITEM_TYPES)[number];
export function isUsageType(type: LineItemType): boolean {
  return type === "Usage" || type === "DiscountedUsage" || type === "SavingsPlanCoveredUsage";
}

export const LINE_ITEM_TYPE_WEIGHTS: readonly number[] = [75, 8, 12, 2.5, 1.2, 0.5, 0.5, 0.3];

export const TEAMS: readonly string[] = ["platform", "data", "web", "mobile", "ml", "security"];
export const ENVIRONMENTS: readonly string[] = ["prod", "staging", "dev"];
