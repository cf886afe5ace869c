// Helpers for the billing collector suites: a server with its own drop and storage folders,
// uploads through the real endpoint, job polling, hand-written cost reports, an independent
// reconciliation of a report file (csv-parse + decimal.js, not DuckDB), and reads of what the
// collector stored.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { Decimal } from "decimal.js";
import { In } from "typeorm";
import { expect } from "vitest";
import {
  AllocatedCostEntity,
  BillingMonthEntity,
  CostRowEntity,
  UnallocatedCostEntity,
} from "../../src/persistence/entities/index.js";
import { expectData, type ParentTenant } from "./fixtures.js";
import { startTestServer, type TestServer, type TestServerOptions } from "./harness.js";

// Our own clone: exact sums at any scale; printed like the stored money (12 decimals).
const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
type Exact = InstanceType<typeof Exact>;

export interface BillingServer extends TestServer {
  /** BILLING_DROP_DIR: reports put in <dropDir>/<master payer account id>/ are ingested. */
  dropDir: string;
  storageDir: string;
}

/** The real server with billing folders of its own (removed on stop). */
export async function startBillingServer(options: TestServerOptions = {}): Promise<BillingServer> {
  const dir = mkdtempSync(join(tmpdir(), "reseller-billing-"));
  const dropDir = join(dir, "drop");
  const storageDir = join(dir, "storage");
  const server = await startTestServer({
    ...options,
    env: { BILLING_DROP_DIR: dropDir, BILLING_STORAGE_DIR: storageDir, ...options.env },
  });
  return {
    ...server,
    dropDir,
    storageDir,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- Uploads and jobs ------------------------------------------------------------------------

export interface UploadResponse {
  status: number;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response shapes freely
  body: Record<string, any> | null;
}

/** POST /billing/uploads with the bytes as the raw body. */
export async function upload(
  server: TestServer,
  token: string | null,
  masterPayerAccountId: string,
  bytes: Buffer | string,
  fileName: string,
): Promise<UploadResponse> {
  const response = await fetch(
    `${server.url}/billing/uploads?masterPayerAccountId=${encodeURIComponent(masterPayerAccountId)}`,
    {
      method: "POST",
      headers: {
        "content-type": "application/octet-stream",
        "x-file-name": fileName,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: typeof bytes === "string" ? bytes : new Uint8Array(bytes),
    },
  );
  const text = await response.text();
  let body: UploadResponse["body"];
  try {
    body = JSON.parse(text) as UploadResponse["body"];
  } catch {
    body = null;
  }
  return { status: response.status, text, body };
}

/** Uploads a report and returns the id of its INGEST job (the endpoint answers 202). */
export async function uploadReport(
  server: TestServer,
  token: string,
  masterPayerAccountId: string,
  bytes: Buffer | string,
  fileName: string,
): Promise<string> {
  const res = await upload(server, token, masterPayerAccountId, bytes, fileName);
  if (res.status !== 202)
    throw new Error(`upload of ${fileName} answered ${res.status}: ${res.text}`);
  const id = (res.body?.job as { id?: unknown } | undefined)?.id;
  if (typeof id !== "string")
    throw new Error(`upload of ${fileName} returned no job id: ${res.text}`);
  return id;
}

export const JOB_FIELDS =
  "id kind state source fileName billingPeriod rowsRead rowsAllocated rowsUnmatched error outcome assemblyId partCount";

export interface Job {
  id: string;
  kind: "INGEST" | "ALLOCATE";
  state: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
  source: string;
  fileName: string | null;
  billingPeriod: string | null;
  rowsRead: number;
  rowsAllocated: number;
  rowsUnmatched: number;
  error: string | null;
  outcome: string | null;
  assemblyId: string | null;
  partCount: number | null;
}

/** Calls `read` until `done` holds or the time is up (then fails, showing the last value). */
export async function poll<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 20;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(value)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 200);
  }
}

const finished = (job: Job | null) =>
  job !== null && (job.state === "SUCCEEDED" || job.state === "FAILED");

/** Polls billingJob until the job has ended; returns it. */
export async function waitForJob(server: TestServer, token: string, id: string): Promise<Job> {
  const job = await poll(
    `billing job ${id}`,
    async () =>
      expectData(
        await server.gql<{ billingJob: Job | null }>(
          `query($id: ID!) { billingJob(id: $id) { ${JOB_FIELDS} } }`,
          { id },
          token,
        ),
      ).billingJob,
    finished,
  );
  return job!;
}

/** Uploads a report and waits for its job to end. */
export async function ingest(
  server: TestServer,
  token: string,
  masterPayerAccountId: string,
  bytes: Buffer | string,
  fileName: string,
): Promise<Job> {
  return waitForJob(
    server,
    token,
    await uploadReport(server, token, masterPayerAccountId, bytes, fileName),
  );
}

/** What a tenant uploads with: its Partner Sys Admin's token and its master payer account. */
export type Uploader = Pick<ParentTenant, "sysAdminToken" | "masterPayerAccountId">;

/** `ingest` as the tenant's Partner Sys Admin, into its master payer account. */
export async function ingestAs(
  server: TestServer,
  tenant: Uploader,
  bytes: Buffer | string,
  fileName: string,
): Promise<Job> {
  return ingest(server, tenant.sysAdminToken, tenant.masterPayerAccountId, bytes, fileName);
}

/**
 * Ingests a report whose job must fail: the job names the file (in its fileName and its error),
 * and the stored billing data is exactly as before. Returns the job for the caller's own checks.
 */
export async function expectFailedIngest(
  server: TestServer,
  tenant: Uploader,
  bytes: Buffer | string,
  fileName: string,
): Promise<Job> {
  const before = await billingState(server);
  const job = await ingestAs(server, tenant, bytes, fileName);
  expect(job).toMatchObject({ state: "FAILED", fileName });
  expect(job.error).toContain(fileName);
  expect(await billingState(server), "the stored billing data changed").toEqual(before);
  return job;
}

export async function billingJobs(
  server: TestServer,
  token: string,
  parentPartnerId: string,
): Promise<Job[]> {
  return expectData(
    await server.gql<{ billingJobs: Job[] }>(
      `query($p: ID!) { billingJobs(parentPartnerId: $p, first: 100) { ${JOB_FIELDS} } }`,
      { p: parentPartnerId },
      token,
    ),
  ).billingJobs;
}

/** Waits until no job of the Parent is queued or running (link and pricing changes queue some). */
export async function settleJobs(
  server: TestServer,
  token: string,
  parentPartnerId: string,
): Promise<Job[]> {
  return poll(
    `the jobs of Parent ${parentPartnerId}`,
    () => billingJobs(server, token, parentPartnerId),
    (jobs) => jobs.every((job) => job.state === "SUCCEEDED" || job.state === "FAILED"),
  );
}

// ---- GraphQL reads ---------------------------------------------------------------------------

export interface Amount {
  key: string;
  billedCost: string;
}
export interface ChildBill {
  billingPeriod: string;
  currency: string;
  billed: string;
  tax: string;
  credits: string;
  refunds: string;
  total: string;
  byService: Amount[];
  byAccount: Amount[];
  byDay: Amount[];
}

export const BILL = `query Bill($id: ID!, $period: String!) {
  partner(id: $id) {
    id
    bill(billingPeriod: $period) {
      billingPeriod currency billed tax credits refunds total
      byService { key billedCost } byAccount { key billedCost } byDay { key billedCost }
    }
  }
}`;

/** The partner's bills for a month (one per currency); null when the partner is invisible. */
export async function billsOf(
  server: TestServer,
  token: string,
  partnerId: string,
  period: string,
): Promise<ChildBill[] | null> {
  return (
    expectData(
      await server.gql<{ partner: { bill: ChildBill[] } | null }>(
        BILL,
        { id: partnerId, period },
        token,
      ),
    ).partner?.bill ?? null
  );
}

/** The billed total of a Child's month in its one currency, or null when it has no bill. */
export async function billedOf(
  server: TestServer,
  token: string,
  partnerId: string,
  period: string,
): Promise<string | null> {
  const bills = await billsOf(server, token, partnerId, period);
  if (bills === null) throw new Error(`partner ${partnerId} is not visible`);
  if (bills.length > 1) throw new Error(`partner ${partnerId} has ${bills.length} currencies`);
  return bills[0]?.billed ?? null;
}

export interface MarginAmount {
  key: string;
  baseCost: string;
  billedCost: string;
  margin: string;
}
export interface ResellerMargin {
  partner: { id: string };
  billingPeriod: string;
  currency: string;
  baseCost: string;
  billedCost: string;
  margin: string;
  passThrough: string;
  byService: MarginAmount[];
}

export const MARGINS = `query Margins($parent: ID!, $period: String!) {
  resellerMargins(parentPartnerId: $parent, billingPeriod: $period) {
    partner { id } billingPeriod currency baseCost billedCost margin passThrough
    byService { key baseCost billedCost margin }
  }
}`;

export async function marginsOf(
  server: TestServer,
  token: string,
  parentPartnerId: string,
  period: string,
): Promise<ResellerMargin[]> {
  return expectData(
    await server.gql<{ resellerMargins: ResellerMargin[] }>(
      MARGINS,
      { parent: parentPartnerId, period },
      token,
    ),
  ).resellerMargins;
}

export interface Unallocated {
  payerAccountId: string;
  usageAccountId: string;
  reason: string;
  currency: string;
  unblendedCost: string;
  lineItems: number;
}

export const UNALLOCATED = `query Unallocated($mp: ID!, $period: String!) {
  unallocatedCosts(masterPayerAccountId: $mp, billingPeriod: $period) {
    payerAccountId usageAccountId reason currency unblendedCost lineItems
  }
}`;

export async function unallocatedOf(
  server: TestServer,
  token: string,
  masterPayerAccountId: string,
  period: string,
): Promise<Unallocated[]> {
  return expectData(
    await server.gql<{ unallocatedCosts: Unallocated[] }>(
      UNALLOCATED,
      { mp: masterPayerAccountId, period },
      token,
    ),
  ).unallocatedCosts;
}

export interface BillingMonth {
  billingPeriod: string;
  status: "OPEN" | "FINAL";
  invoiceId: string | null;
  locked: boolean;
  fileName: string;
  format: string;
  lineItems: number;
}

export const MONTHS = `query Months($mp: ID!) {
  billingMonths(masterPayerAccountId: $mp) { billingPeriod status invoiceId locked fileName format lineItems }
}`;

export async function monthsOf(
  server: TestServer,
  token: string,
  masterPayerAccountId: string,
): Promise<BillingMonth[]> {
  return expectData(
    await server.gql<{ billingMonths: BillingMonth[] }>(
      MONTHS,
      { mp: masterPayerAccountId },
      token,
    ),
  ).billingMonths;
}

// ---- What the collector stored ---------------------------------------------------------------

export interface StoredRow {
  billingPeriod: string;
  usageDate: string;
  payerAccountId: string;
  usageAccountId: string;
  serviceCode: string;
  lineItemType: string;
  currency: string;
  unblendedCost: string;
  listCost: string;
  usageAmount: string;
  lineItems: number;
}

/** Every stored cost row of a master payer, read straight from the database. */
export async function storedRows(
  server: TestServer,
  masterPayerAccountId: string,
): Promise<StoredRow[]> {
  const { dataSource } = server.running.deps;
  const months = await dataSource
    .getRepository(BillingMonthEntity)
    .findBy({ masterPayerAccountId: Number(masterPayerAccountId) });
  if (months.length === 0) return [];
  const periodOf = new Map(months.map((m) => [m.id, m.billingPeriod]));
  const rows = await dataSource
    .getRepository(CostRowEntity)
    .find({ where: { billingMonthId: In([...periodOf.keys()]) }, order: { id: "ASC" } });
  return rows.map((row) => ({
    billingPeriod: periodOf.get(row.billingMonthId) ?? "",
    usageDate: row.usageDate,
    payerAccountId: row.payerAccountId,
    usageAccountId: row.usageAccountId,
    serviceCode: row.serviceCode,
    lineItemType: row.lineItemType,
    currency: row.currency,
    unblendedCost: row.unblendedCost,
    listCost: row.listCost,
    usageAmount: row.usageAmount,
    lineItems: row.lineItems,
  }));
}

export interface MonthTotals {
  unblendedCost: string;
  listCost: string;
  lineItems: number;
}

/** Stored totals per billing period, summed exactly. */
export async function storedTotals(
  server: TestServer,
  masterPayerAccountId: string,
): Promise<Record<string, MonthTotals>> {
  const totals: Record<string, { unblended: Exact; list: Exact; lineItems: number }> = {};
  for (const row of await storedRows(server, masterPayerAccountId)) {
    const t = (totals[row.billingPeriod] ??= {
      unblended: new Exact(0),
      list: new Exact(0),
      lineItems: 0,
    });
    t.unblended = t.unblended.plus(row.unblendedCost);
    t.list = t.list.plus(row.listCost);
    t.lineItems += row.lineItems;
  }
  return Object.fromEntries(
    Object.entries(totals).map(([period, t]) => [
      period,
      { unblendedCost: money(t.unblended), listCost: money(t.list), lineItems: t.lineItems },
    ]),
  );
}

/**
 * The billing tables (months, cost rows, allocations, unallocated costs), each row serialised and
 * sorted: equal snapshots mean the stored billing data did not change at all.
 */
export async function billingState(server: TestServer): Promise<Record<string, string[]>> {
  const { dataSource } = server.running.deps;
  const state: Record<string, string[]> = {};
  for (const entity of [
    BillingMonthEntity,
    CostRowEntity,
    AllocatedCostEntity,
    UnallocatedCostEntity,
  ]) {
    const rows: unknown[] = await dataSource.getRepository(entity).find();
    state[entity.name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return state;
}

// ---- The independent oracle ------------------------------------------------------------------

/** The scale of stored money: COST_SCALE in packages/domain. */
export const STORED_SCALE = 12;

/** A 12-decimal amount, as the API prints money. */
export function money(value: Exact | string): string {
  return new Exact(value).toFixed(STORED_SCALE, Decimal.ROUND_HALF_UP);
}

/**
 * A source cell as stored: exact. A value with more decimals than the stored scale would be
 * rounded by the collector, so it fails the oracle instead of being rounded the same way.
 */
function exactCell(cell: string): Exact {
  const value = new Exact(cell);
  if (value.decimalPlaces() > STORED_SCALE)
    throw new Error(`${cell} has more than ${STORED_SCALE} decimals: it cannot be stored exactly`);
  return value;
}

/** Exact sum of amounts. */
export function sum(...values: string[]): string {
  return money(values.reduce((total, v) => total.plus(v), new Exact(0)));
}

export interface SourceColumns {
  /** The column whose first 7 characters are the billing period ("YYYY-MM…"). */
  period: string;
  cost: string;
  /** Cell values that mean "no value" (counted as zero). */
  nullValues?: string[];
}

export const CUR_LEGACY_COLUMNS: SourceColumns = {
  period: "bill/BillingPeriodStartDate",
  cost: "lineItem/UnblendedCost",
};
export const CUR2_COLUMNS: SourceColumns = {
  period: "bill_billing_period_start_date",
  cost: "line_item_unblended_cost",
};
export const FOCUS_COLUMNS: SourceColumns = {
  period: "BillingPeriodStart",
  cost: "BilledCost",
  nullValues: ["NULL"],
};

export interface SourceTotals {
  rows: number;
  /** Per billing period: the cost column summed exactly. */
  byPeriod: Record<string, { rows: number; cost: string }>;
}

/** The records of a CSV or CSV.gz report, by column name (csv-parse, not the collector's reader). */
export function sourceRecords(path: string): Record<string, string>[] {
  const raw = readFileSync(path);
  const text = (path.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
  return parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
}

/** A cost cell, exactly; blank is zero. */
export function sourceCost(cell: string | undefined): string {
  return money(cell === undefined || cell === "" ? "0" : exactCell(cell));
}

/**
 * Sums a report's cost column per billing period with csv-parse and decimal.js, independently of
 * the collector's DuckDB engine, to the last decimal of the file.
 */
export function sourceTotals(path: string, columns: SourceColumns): SourceTotals {
  const records = sourceRecords(path);
  const byPeriod: Record<string, { rows: number; cost: Exact }> = {};
  for (const [index, record] of records.entries()) {
    const period = record[columns.period]?.slice(0, 7);
    const cell = record[columns.cost];
    if (period === undefined || cell === undefined)
      throw new Error(
        `${basename(path)} record ${index + 1} lacks ${columns.period} or ${columns.cost}`,
      );
    const value =
      cell === "" || (columns.nullValues ?? []).includes(cell) ? new Exact(0) : exactCell(cell);
    const entry = (byPeriod[period] ??= { rows: 0, cost: new Exact(0) });
    entry.rows += 1;
    entry.cost = entry.cost.plus(value);
  }
  return {
    rows: records.length,
    byPeriod: Object.fromEntries(
      Object.entries(byPeriod).map(([p, e]) => [p, { rows: e.rows, cost: money(e.cost) }]),
    ),
  };
}

/** A delivery's parts (keys below `root`): every part's cost column summed with csv-parse and decimal.js, not the collector's DuckDB. */
export function partsTotal(root: string, keys: readonly string[], columns: SourceColumns) {
  let rows = 0;
  const costs: string[] = [];
  for (const key of keys) {
    const totals = sourceTotals(join(root, key), columns);
    rows += totals.rows;
    costs.push(...Object.values(totals.byPeriod).map((p) => p.cost));
  }
  return { rows, cost: sum(...costs) };
}

// ---- Hand-written reports --------------------------------------------------------------------

export interface CurLine {
  payer: string;
  account: string;
  /** "YYYY-MM-DD": the usage day; the billing period is its month. */
  day: string;
  cost: string;
  list?: string;
  service?: string;
  type?: string;
  currency?: string;
  invoiceId?: string;
}

export const CUR_LEGACY_HEADER = [
  "identity/LineItemId",
  "bill/InvoiceId",
  "bill/PayerAccountId",
  "bill/BillingPeriodStartDate",
  "lineItem/UsageAccountId",
  "lineItem/LineItemType",
  "lineItem/UsageStartDate",
  "lineItem/ProductCode",
  "lineItem/UsageAmount",
  "lineItem/CurrencyCode",
  "lineItem/UnblendedCost",
  "pricing/publicOnDemandCost",
];

/**
 * One payee's month as the pricing and visibility suites bill it, a line a day:
 *   day 01  Usage            AmazonEC2  unblended `ec2Usage` (100.00)  list the same
 *   day 02  DiscountedUsage  AmazonEC2  unblended   0.00              list  40.00   (RI-covered)
 *   day 03  RIFee            AmazonEC2  unblended  20.00              list   0.00   (an AWS fee)
 *   day 04  Usage            AmazonS3   unblended  50.00              list  50.00
 *   day 05  Tax              AmazonEC2  15.00 (no list cost)
 * so with the default EC2 usage the base cost is 170.00 (EC2 120.00, S3 50.00), and tax 15.00.
 */
export function curMonthLines(
  payer: string,
  account: string,
  month: string,
  ec2Usage = "100.00",
): CurLine[] {
  return [
    { payer, account, day: `${month}-01`, type: "Usage", service: "AmazonEC2", cost: ec2Usage },
    {
      payer,
      account,
      day: `${month}-02`,
      type: "DiscountedUsage",
      service: "AmazonEC2",
      cost: "0",
      list: "40.00",
    },
    {
      payer,
      account,
      day: `${month}-03`,
      type: "RIFee",
      service: "AmazonEC2",
      cost: "20.00",
      list: "0",
    },
    { payer, account, day: `${month}-04`, type: "Usage", service: "AmazonS3", cost: "50.00" },
    {
      payer,
      account,
      day: `${month}-05`,
      type: "Tax",
      service: "AmazonEC2",
      cost: "15.00",
      list: "",
    },
  ];
}

/** A CUR legacy CSV with one source row per line, exactly the given amounts. */
export function curLegacyCsv(lines: readonly CurLine[]): string {
  const rows = lines.map((line, index) =>
    [
      `line-${index + 1}`,
      line.invoiceId ?? "",
      line.payer,
      `${line.day.slice(0, 7)}-01T00:00:00Z`,
      line.account,
      line.type ?? "Usage",
      `${line.day}T08:00:00Z`,
      line.service ?? "AmazonEC2",
      "1",
      line.currency ?? "USD",
      line.cost,
      line.list ?? line.cost,
    ].join(","),
  );
  return `${[CUR_LEGACY_HEADER.join(","), ...rows].join("\n")}\n`;
}
