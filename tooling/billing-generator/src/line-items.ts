import {
  ENVIRONMENTS,
  LINE_ITEM_TYPES,
  LINE_ITEM_TYPE_WEIGHTS,
  REGIONS,
  SERVICES,
  TEAMS,
  type LineItemType,
  type RegionSpec,
  type ServiceSpec,
  type UsageTypeSpec,
} from "./catalog.js";
import { SeededRandom, cumulativeWeights } from "./random.js";

/** Costs are integers in units of 1e-10 (the scale of CUR costs); usage amounts in 1e-6. */
export const COST_SCALE = 10;
export const AMOUNT_SCALE = 6;

export interface BillingPlan {
  readonly billingPeriod: string;
  readonly periodStart: Date;
  readonly periodEnd: Date;
  readonly hours: number;
  readonly payerAccountId: string;
  readonly payeeAccountIds: readonly string[];
  readonly currency: string;
  readonly invoiceId: string;
}

export interface LineItem {
  readonly id: string;
  readonly usageAccountId: string;
  readonly type: LineItemType;
  readonly service: ServiceSpec;
  readonly usage: UsageTypeSpec;
  readonly region: RegionSpec;
  readonly zone: string;
  readonly resourceId: string;
  /** Hour of the month the usage starts in; -1 for a charge over the whole period. */
  readonly hour: number;
  /** Usage amount in 1e-6 units; null where CUR leaves it empty (tax, credits). */
  readonly amount: bigint | null;
  readonly unblendedCost: bigint;
  /** Public on-demand cost; null where CUR leaves it empty. */
  readonly listCost: bigint | null;
  /** The RI or Savings Plan effective cost of a covered line, else null. */
  readonly effectiveCost: bigint | null;
  readonly commitmentArn: string;
  readonly team: string;
  readonly environment: string;
  /** Write money in exponent notation ("1.2E-7"), as real reports do for tiny amounts. */
  readonly exponentNotation: boolean;
}

const MICRO = 1_000_000n;
const TYPE_CUMULATIVE = cumulativeWeights(LINE_ITEM_TYPE_WEIGHTS);
const SERVICE_CUMULATIVE = cumulativeWeights(SERVICES.map((s) => s.weight));

export function createPlan(options: {
  month: string;
  payer: string | undefined;
  payees: number;
  seed: string | number;
  currency: string;
  invoiceId: string | undefined;
}): BillingPlan {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(options.month);
  if (!match) throw new RangeError(`month must be YYYY-MM, got ${JSON.stringify(options.month)}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const periodStart = new Date(Date.UTC(year, month - 1, 1));
  const periodEnd = new Date(Date.UTC(year, month, 1));
  const rng = new SeededRandom(`accounts:${options.seed}`);
  const payer = options.payer ?? accountId(rng);
  if (!/^\d{12}$/.test(payer)) throw new RangeError(`payer must be 12 digits, got ${payer}`);
  if (!Number.isInteger(options.payees) || options.payees < 1)
    throw new RangeError(`payees must be a positive integer, got ${options.payees}`);
  const payees = new Set<string>();
  while (payees.size < options.payees) {
    const id = accountId(rng);
    if (id !== payer) payees.add(id);
  }
  return {
    billingPeriod: options.month,
    periodStart,
    periodEnd,
    hours: (periodEnd.getTime() - periodStart.getTime()) / 3_600_000,
    payerAccountId: payer,
    payeeAccountIds: [...payees],
    currency: options.currency,
    invoiceId: options.invoiceId ?? "",
  };
}

// AWS account ids are 12 digits and may start with 0.
function accountId(rng: SeededRandom): string {
  return rng.digits(12);
}

/** The line items of a report, one at a time: memory stays constant whatever the row count. */
export function* lineItems(
  plan: BillingPlan,
  rows: number,
  seed: string | number,
): Generator<LineItem> {
  const rng = new SeededRandom(`rows:${seed}`);
  // A few accounts carry most of the spend, as in real organizations.
  const accountCumulative = cumulativeWeights(plan.payeeAccountIds.map((_, i) => 1 / (i + 1)));
  const resources = SERVICES.map((service) =>
    Array.from({ length: 48 }, () => `${service.resourcePrefix}${rng.hex(17)}`),
  );
  for (let index = 0; index < rows; index++) {
    yield nextLineItem(plan, rng, accountCumulative, resources);
  }
}

function nextLineItem(
  plan: BillingPlan,
  rng: SeededRandom,
  accountCumulative: readonly number[],
  resources: readonly (readonly string[])[],
): LineItem {
  const serviceIndex = SERVICES.indexOf(rng.pickWeighted(SERVICES, SERVICE_CUMULATIVE));
  const service = SERVICES[serviceIndex] as ServiceSpec;
  const usage = rng.pick(service.usageTypes);
  const region = rng.pick(REGIONS);
  let type = rng.pickWeighted(LINE_ITEM_TYPES, TYPE_CUMULATIVE);
  if ((type === "DiscountedUsage" || type === "SavingsPlanCoveredUsage") && !usage.discountable)
    type = "Usage";
  let usageAccountId = rng.pickWeighted(plan.payeeAccountIds, accountCumulative);
  // Some tax lines are not attributed to an account (the collector reports them unallocated).
  if (type === "Tax" && rng.next() < 0.2) usageAccountId = "";
  const id = hex32(rng) + hex32(rng) + hex32(rng) + hex32(rng) + hex32(rng);
  const zone = rng.pick(region.zones);
  const resourceId = service.resourcePrefix === "" ? "" : rng.pick(resources[serviceIndex] ?? []);
  const team = rng.pick(TEAMS);
  const environment = rng.pick(ENVIRONMENTS);

  // One object literal per row, no spreads: object spread is the slowest part of V8 here.
  let hour = -1;
  let amount: bigint | null = null;
  let unblendedCost: bigint;
  let listCost: bigint | null = null;
  let effectiveCost: bigint | null = null;
  let commitmentArn = "";
  let exponentNotation = false;
  switch (type) {
    case "Usage":
    case "DiscountedUsage":
    case "SavingsPlanCoveredUsage": {
      hour = rng.int(plan.hours);
      amount = usageAmount(rng, usage);
      const onDemand = divideRounded(BigInt(usage.rate) * amount, MICRO);
      listCost = onDemand;
      unblendedCost = onDemand;
      exponentNotation = onDemand !== 0n && abs(onDemand) < 1_000_000n && rng.next() < 0.5;
      if (type === "DiscountedUsage") {
        // RI-covered hours cost nothing on the line; the reservation's effective cost carries it.
        unblendedCost = 0n;
        effectiveCost = divideRounded(onDemand * 60n, 100n);
        commitmentArn = `arn:aws:ec2:${region.code}:${plan.payerAccountId}:reserved-instances/${rng.hex(8)}-${rng.hex(4)}`;
      } else if (type === "SavingsPlanCoveredUsage") {
        effectiveCost = divideRounded(onDemand * 72n, 100n);
        commitmentArn = `arn:aws:savingsplans::${plan.payerAccountId}:savingsplan/${rng.hex(8)}-${rng.hex(4)}`;
      }
      break;
    }
    // Monthly charges: dated at the start of the period, with no usage amount or list price.
    case "Tax":
      unblendedCost = BigInt(rng.between(100_000_000, 50_000_000_000));
      break;
    case "Credit":
      unblendedCost = -BigInt(rng.between(100_000_000, 100_000_000_000));
      break;
    case "Refund":
      unblendedCost = -BigInt(rng.between(100_000_000, 50_000_000_000));
      break;
    case "RIFee":
      unblendedCost = BigInt(rng.between(10_000_000_000, 500_000_000_000));
      listCost = 0n;
      amount = BigInt(plan.hours) * MICRO;
      break;
    case "Fee":
      unblendedCost = BigInt(rng.between(10_000_000_000, 1_000_000_000_000));
      break;
  }
  return {
    id,
    usageAccountId,
    type,
    service,
    usage,
    region,
    zone,
    resourceId,
    hour,
    amount,
    unblendedCost,
    listCost,
    effectiveCost,
    commitmentArn,
    team,
    environment,
    exponentNotation,
  };
}

function usageAmount(rng: SeededRandom, usage: UsageTypeSpec): bigint {
  switch (usage.kind) {
    case "hours":
      return rng.next() < 0.9 ? MICRO : BigInt(rng.between(100_000, 999_999));
    case "gb":
      return BigInt(logUniform(rng, 1, 200_000_000));
    case "gbMonth":
      return BigInt(logUniform(rng, 100, 5_000_000));
    case "requests":
      return BigInt(logUniform(rng, 1, 2_000_000)) * MICRO;
    case "gbSeconds":
      return BigInt(logUniform(rng, 100_000, 2_000_000_000)) * 25n;
  }
}

// Small amounts are common and large ones rare, as in real usage.
function logUniform(rng: SeededRandom, min: number, max: number): number {
  return Math.floor(min * Math.pow(max / min, rng.next()));
}

const HEX4 = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, "0"));

function hex32(rng: SeededRandom): string {
  const value = rng.nextUint32();
  return (HEX4[value >>> 16] as string) + (HEX4[value & 0xffff] as string);
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/** `numerator / denominator`, rounded half away from zero. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (abs(remainder) * 2n >= denominator) return numerator < 0n ? quotient - 1n : quotient + 1n;
  return quotient;
}

/** A scaled integer as a plain decimal ("-0.00012"), trailing zeros trimmed. */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = abs(value)
    .toString()
    .padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}

/** A scaled integer in exponent notation, exactly ("1.2E-7"). */
export function formatScaledExponent(value: bigint, scale: number): string {
  if (value === 0n) return "0";
  const negative = value < 0n;
  const digits = abs(value).toString();
  const exponent = digits.length - 1 - scale;
  const fraction = digits.slice(1).replace(/0+$/, "");
  return `${negative ? "-" : ""}${digits[0]}${fraction === "" ? "" : `.${fraction}`}E${exponent}`;
}
