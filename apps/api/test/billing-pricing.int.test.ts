// The Parent's customizations through GraphQL: markups, discounts, per-service markups, the
// list-cost basis, fees, credits, rule order, effective ranges, the Parent-wide default against
// a Child's own rules, locked months and validation. Every amount is computed by hand below.
//
// Each month, each Child's payee has the same seven lines:
//   day 01  Usage            AmazonEC2  unblended 100.00  list 100.00
//   day 02  DiscountedUsage  AmazonEC2  unblended   0.00  list  40.00   (RI-covered)
//   day 03  RIFee            AmazonEC2  unblended  20.00  list   0.00   (an AWS fee: never marked up)
//   day 04  Usage            AmazonS3   unblended  50.00  list  50.00
//   day 05  Tax              AmazonEC2  15.00  ┐
//   day 06  Credit           AmazonEC2  -5.00  ├ passed through, kept apart from usage
//   day 07  Refund           AmazonS3   -2.50  ┘
// so the Parent's base cost is 170.00 a month, and tax 15.00, credits -5.00, refunds -2.50.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  billingState,
  billsOf,
  curLegacyCsv,
  curMonthLines,
  expectFailedIngest,
  ingestAs,
  marginsOf,
  settleJobs,
  startBillingServer,
  type BillingServer,
  type CurLine,
} from "./support/billing.js";
import {
  awsId,
  createChild,
  createLink,
  createParentTenant,
  errorOf,
  expectData,
  expectNoWrites,
  type ParentTenant,
} from "./support/fixtures.js";
import { CostStore, MonthLockedError } from "../src/modules/billing/cost-store.js";
import { AllocatedCostEntity, BillingMonthEntity } from "../src/persistence/entities/index.js";

const MONTHS = ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07"];

/** The shared month (days 01 to 05) and this suite's credit and refund (days 06 and 07). */
function monthLines(payer: string, account: string, month: string, ec2Usage = "100.00"): CurLine[] {
  return [
    ...curMonthLines(payer, account, month, ec2Usage),
    {
      payer,
      account,
      day: `${month}-06`,
      type: "Credit",
      service: "AmazonEC2",
      cost: "-5.00",
      list: "",
    },
    {
      payer,
      account,
      day: `${month}-07`,
      type: "Refund",
      service: "AmazonS3",
      cost: "-2.50",
      list: "",
    },
  ];
}

const RULE_FIELDS =
  "id childPartnerId order effectiveFrom effectiveTo kind percent amount serviceCode basis name";
const CREATE_RULE = `mutation($p: ID!, $input: PricingRuleInput!) { createPricingRule(parentPartnerId: $p, input: $input) { ${RULE_FIELDS} } }`;
const UPDATE_RULE = `mutation($p: ID!, $id: ID!, $input: PricingRuleInput!) { updatePricingRule(parentPartnerId: $p, id: $id, input: $input) { ${RULE_FIELDS} } }`;
const DELETE_RULE = `mutation($p: ID!, $id: ID!) { deletePricingRule(parentPartnerId: $p, id: $id) }`;

interface RuleInput {
  childPartnerId?: string | null;
  order: number;
  effectiveFrom: string;
  effectiveTo?: string | null;
  kind: string;
  percent?: string | null;
  amount?: string | null;
  serviceCode?: string | null;
  basis?: string | null;
  name?: string | null;
}
interface Rule extends RuleInput {
  id: string;
}

/** The Child's bill totals and the Parent's margin line for it, for one month. */
interface Totals {
  billed: string;
  tax: string;
  credits: string;
  refunds: string;
  total: string;
  baseCost: string;
  billedCost: string;
  margin: string;
  passThrough: string;
}

/** What the hand computation gives for a month whose priced usage and fees bill `billed`. */
function expected(billed: string, total: string, margin: string): Totals {
  return {
    billed,
    tax: "15.000000000000",
    credits: "-5.000000000000",
    refunds: "-2.500000000000",
    total,
    baseCost: "170.000000000000",
    billedCost: billed,
    margin,
    passThrough: "7.500000000000",
  };
}

describe("pricing rules through GraphQL", () => {
  let server: BillingServer;
  let tenant: ParentTenant;
  let x: string;
  let y: string;
  let payeeA: string;
  let payeeB: string;
  const rules: Record<string, Rule> = {};

  beforeAll(async () => {
    server = await startBillingServer();
    tenant = await createParentTenant(server, "pricing");
    x = (
      await createChild(server, tenant.sysAdminToken, {
        name: "Pricing X",
        parentId: tenant.parentId,
      })
    ).id;
    y = (
      await createChild(server, tenant.sysAdminToken, {
        name: "Pricing Y",
        parentId: tenant.parentId,
      })
    ).id;
    payeeA = awsId();
    payeeB = awsId();
    await createLink(server, tenant, x, [payeeA]);
    await createLink(server, tenant, y, [payeeB]);
    // One report holding the seven months.
    const lines = MONTHS.flatMap((month) => [
      ...monthLines(tenant.payerId, payeeA, month),
      ...monthLines(tenant.payerId, payeeB, month),
    ]);
    const job = await ingestAs(server, tenant, curLegacyCsv(lines), "cur-2024-h1.csv");
    expect(job, job.error ?? "").toMatchObject({
      state: "SUCCEEDED",
      rowsRead: 98,
      rowsAllocated: 98,
    });
  });
  afterAll(() => server.stop());

  async function totals(child: string, month: string): Promise<Totals | null> {
    const bills = await billsOf(server, tenant.sysAdminToken, child, month);
    const margins = (await marginsOf(server, tenant.sysAdminToken, tenant.parentId, month)).filter(
      (m) => m.partner.id === child,
    );
    expect(bills?.length ?? 0).toBe(margins.length);
    const bill = bills?.[0];
    const margin = margins[0];
    if (!bill || !margin) return null;
    expect(bill.currency).toBe("USD");
    const { billed, tax, credits, refunds, total } = bill;
    const { baseCost, billedCost, margin: m, passThrough } = margin;
    return { billed, tax, credits, refunds, total, baseCost, billedCost, margin: m, passThrough };
  }

  async function createRule(name: string, input: RuleInput): Promise<Rule> {
    const rule = expectData(
      await server.gql<{ createPricingRule: Rule }>(
        CREATE_RULE,
        { p: tenant.parentId, input },
        tenant.sysAdminToken,
      ),
    ).createPricingRule;
    rules[name] = rule;
    return rule;
  }

  it("should bill every month at the Parent's cost, tax, credits and refunds apart, before any rule", async () => {
    for (const month of MONTHS) {
      expect(await totals(x, month), month).toEqual(
        expected("170.000000000000", "177.500000000000", "0.000000000000"),
      );
      expect(await totals(y, month), month).toEqual(
        expected("170.000000000000", "177.500000000000", "0.000000000000"),
      );
    }
  });

  it("should apply markups, discounts, per-service markups, the list basis, fees and credits in their effective months", async () => {
    const xRule = (rule: Omit<RuleInput, "childPartnerId">): RuleInput => ({
      childPartnerId: x,
      ...rule,
    });
    const markup = await createRule(
      "markup",
      xRule({
        order: 1,
        effectiveFrom: "2024-02",
        effectiveTo: "2024-02",
        kind: "MARKUP",
        percent: "10",
      }),
    );
    expect(markup).toMatchObject({
      childPartnerId: x,
      kind: "MARKUP",
      percent: "10.00",
      amount: null,
      basis: null,
    });
    await createRule(
      "s3Markup",
      xRule({
        order: 1,
        effectiveFrom: "2024-03",
        effectiveTo: "2024-03",
        kind: "MARKUP",
        percent: "10.00",
        serviceCode: "AmazonS3",
      }),
    );
    await createRule(
      "discount",
      xRule({
        order: 2,
        effectiveFrom: "2024-03",
        effectiveTo: "2024-03",
        kind: "DISCOUNT",
        percent: "5",
      }),
    );
    await createRule(
      "unblended",
      xRule({
        order: 0,
        effectiveFrom: "2024-04",
        effectiveTo: "2024-04",
        kind: "BASIS",
        basis: "UNBLENDED",
      }),
    );
    await createRule(
      "list",
      xRule({
        order: 1,
        effectiveFrom: "2024-04",
        effectiveTo: "2024-04",
        kind: "BASIS",
        basis: "LIST",
      }),
    );
    await createRule(
      "listMarkup",
      xRule({
        order: 2,
        effectiveFrom: "2024-04",
        effectiveTo: "2024-04",
        kind: "MARKUP",
        percent: "10",
      }),
    );
    const flatFee = await createRule(
      "flatFee",
      xRule({
        order: 1,
        effectiveFrom: "2024-05",
        effectiveTo: "2024-05",
        kind: "FEE",
        amount: "25",
        name: "Managed services",
      }),
    );
    expect(flatFee).toMatchObject({ amount: "25.00", percent: null, name: "Managed services" });
    await createRule(
      "percentFee",
      xRule({
        order: 2,
        effectiveFrom: "2024-05",
        effectiveTo: "2024-05",
        kind: "FEE",
        percent: "2",
      }),
    );
    await createRule(
      "flatCredit",
      xRule({
        order: 3,
        effectiveFrom: "2024-05",
        effectiveTo: "2024-05",
        kind: "CREDIT",
        amount: "10.00",
      }),
    );
    await createRule(
      "percentCredit",
      xRule({
        order: 4,
        effectiveFrom: "2024-05",
        effectiveTo: "2024-05",
        kind: "CREDIT",
        percent: "1.00",
      }),
    );
    await createRule(
      "override",
      xRule({
        order: 1,
        effectiveFrom: "2024-06",
        effectiveTo: "2024-06",
        kind: "DISCOUNT",
        percent: "10",
      }),
    );
    // The Parent-wide default, open-ended from June.
    const parentDefault = await createRule("default", {
      order: 1,
      effectiveFrom: "2024-06",
      kind: "MARKUP",
      percent: "20",
    });
    expect(parentDefault).toMatchObject({ childPartnerId: null, effectiveTo: null });

    // Every rule change is recomputed by a job.
    const jobs = await settleJobs(server, tenant.sysAdminToken, tenant.parentId);
    const pricingJobs = jobs.filter((j) => j.source === "PRICING_CHANGE");
    expect(pricingJobs).toHaveLength(12);
    expect(pricingJobs.every((j) => j.kind === "ALLOCATE" && j.state === "SUCCEEDED")).toBe(true);

    // January: no rule is effective.
    expect(await totals(x, "2024-01")).toEqual(
      expected("170.000000000000", "177.500000000000", "0.000000000000"),
    );
    // February, +10 %: 110 + 0 + 20 (the RI fee is not marked up) + 55.
    expect(await totals(x, "2024-02")).toEqual(
      expected("185.000000000000", "192.500000000000", "15.000000000000"),
    );
    // March, +10 % on S3 then -5 % on all: 95 + 0 + 20 + 52.25.
    expect(await totals(x, "2024-03")).toEqual(
      expected("167.250000000000", "174.750000000000", "-2.750000000000"),
    );
    // April, LIST basis (order 1 beats UNBLENDED at order 0) then +10 %: 110 + 44 + 0 + 55.
    expect(await totals(x, "2024-04")).toEqual(
      expected("209.000000000000", "216.500000000000", "39.000000000000"),
    );
    // May, fees 25 + 2 % of 170 and credits -10 - 1 % of 170: 170 + 28.40 - 11.70.
    expect(await totals(x, "2024-05")).toEqual(
      expected("186.700000000000", "194.200000000000", "16.700000000000"),
    );

    const february = (await billsOf(server, tenant.sysAdminToken, x, "2024-02"))?.[0];
    expect(february?.byService).toEqual([
      { key: "AmazonEC2", billedCost: "130.000000000000" },
      { key: "AmazonS3", billedCost: "55.000000000000" },
    ]);
    expect(february?.byDay).toEqual([
      { key: "2024-02-01", billedCost: "110.000000000000" },
      { key: "2024-02-02", billedCost: "0.000000000000" },
      { key: "2024-02-03", billedCost: "20.000000000000" },
      { key: "2024-02-04", billedCost: "55.000000000000" },
    ]);
    expect(february?.byAccount).toEqual([{ key: payeeA, billedCost: "185.000000000000" }]);

    const may = (await marginsOf(server, tenant.sysAdminToken, tenant.parentId, "2024-05")).find(
      (m) => m.partner.id === x,
    );
    expect(may?.byService).toEqual([
      {
        key: "AmazonEC2",
        baseCost: "120.000000000000",
        billedCost: "120.000000000000",
        margin: "0.000000000000",
      },
      {
        key: "AmazonS3",
        baseCost: "50.000000000000",
        billedCost: "50.000000000000",
        margin: "0.000000000000",
      },
      // Each fee and credit rule is its own line, named by the rule or by what it does.
      {
        key: "Managed services",
        baseCost: "0.000000000000",
        billedCost: "25.000000000000",
        margin: "25.000000000000",
      },
      {
        key: "Fee: 2.00 % of usage",
        baseCost: "0.000000000000",
        billedCost: "3.400000000000",
        margin: "3.400000000000",
      },
      {
        key: "Credit: 1.00 % of usage",
        baseCost: "0.000000000000",
        billedCost: "-1.700000000000",
        margin: "-1.700000000000",
      },
      {
        key: "Credit: flat 10.00",
        baseCost: "0.000000000000",
        billedCost: "-10.000000000000",
        margin: "-10.000000000000",
      },
    ]);
    const listMonth = (
      await marginsOf(server, tenant.sysAdminToken, tenant.parentId, "2024-04")
    ).find((m) => m.partner.id === x);
    expect(listMonth?.byService).toEqual([
      {
        key: "AmazonEC2",
        baseCost: "120.000000000000",
        billedCost: "154.000000000000",
        margin: "34.000000000000",
      },
      {
        key: "AmazonS3",
        baseCost: "50.000000000000",
        billedCost: "55.000000000000",
        margin: "5.000000000000",
      },
    ]);
  });

  it("should price a Child by its own rules where it has any, and by the Parent's default elsewhere", async () => {
    // June: X's own -10 % replaces the default entirely: 90 + 0 + 20 + 45.
    expect(await totals(x, "2024-06")).toEqual(
      expected("155.000000000000", "162.500000000000", "-15.000000000000"),
    );
    // July: X has no rule of its own, so the default +20 %: 120 + 0 + 20 + 60.
    expect(await totals(x, "2024-07")).toEqual(
      expected("200.000000000000", "207.500000000000", "30.000000000000"),
    );
    // Y has no rule at all: the default from June on, cost before.
    for (const month of ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"])
      expect(await totals(y, month), month).toEqual(
        expected("170.000000000000", "177.500000000000", "0.000000000000"),
      );
    expect(await totals(y, "2024-06")).toEqual(
      expected("200.000000000000", "207.500000000000", "30.000000000000"),
    );
    expect(await totals(y, "2024-07")).toEqual(
      expected("200.000000000000", "207.500000000000", "30.000000000000"),
    );

    const listed = expectData(
      await server.gql<{ pricingRules: Rule[] }>(
        `query($p: ID!) { pricingRules(parentPartnerId: $p) { ${RULE_FIELDS} } }`,
        { p: tenant.parentId },
        tenant.sysAdminToken,
      ),
    ).pricingRules;
    expect(listed.map((r) => r.id).sort()).toEqual(
      Object.values(rules)
        .map((r) => r.id)
        .sort(),
    );
    // A Child's rules come in application order.
    const xOrders = listed
      .filter((r) => r.childPartnerId === x)
      .map((r) => [r.effectiveFrom, r.order]);
    expect(xOrders).toEqual([...xOrders].sort((a, b) => Number(a[1]) - Number(b[1])));
  });

  it("should apply rules in ascending order, so that moving a BASIS rule after another changes the basis", async () => {
    const unblended = rules.unblended!;
    const moved = expectData(
      await server.gql<{ updatePricingRule: Rule }>(
        UPDATE_RULE,
        {
          p: tenant.parentId,
          id: unblended.id,
          input: {
            childPartnerId: x,
            order: 3,
            effectiveFrom: "2024-04",
            effectiveTo: "2024-04",
            kind: "BASIS",
            basis: "UNBLENDED",
          },
        },
        tenant.sysAdminToken,
      ),
    ).updatePricingRule;
    expect(moved).toMatchObject({ id: unblended.id, order: 3, basis: "UNBLENDED" });
    await settleJobs(server, tenant.sysAdminToken, tenant.parentId);
    // UNBLENDED (order 3) now comes after LIST (order 1): 110 + 0 + 20 + 55.
    expect(await totals(x, "2024-04")).toEqual(
      expected("185.000000000000", "192.500000000000", "15.000000000000"),
    );
    // Other months are as they were.
    expect(await totals(x, "2024-03")).toEqual(
      expected("167.250000000000", "174.750000000000", "-2.750000000000"),
    );
  });

  it("should refuse rule changes touching a locked month, keep the month as it was, fail its re-ingest, and allow both after unlocking", async () => {
    const lock = (mutation: "lockBillingMonth" | "unlockBillingMonth") =>
      server.gql<Record<string, { billingPeriod: string; locked: boolean }>>(
        `mutation($mp: ID!, $p: String!) { ${mutation}(masterPayerAccountId: $mp, billingPeriod: $p) { billingPeriod locked } }`,
        { mp: tenant.masterPayerAccountId, p: "2024-02" },
        tenant.sysAdminToken,
      );
    expect(expectData(await lock("lockBillingMonth"))).toEqual({
      lockBillingMonth: { billingPeriod: "2024-02", locked: true },
    });
    const february = () =>
      server.running.deps.dataSource
        .getRepository(AllocatedCostEntity)
        .find({ where: { billingPeriod: "2024-02" }, order: { id: "ASC" } });
    const februaryBefore = await february();

    await expectNoWrites(server, async () => {
      const created = await server.gql(
        CREATE_RULE,
        {
          p: tenant.parentId,
          input: {
            childPartnerId: x,
            order: 9,
            effectiveFrom: "2024-01",
            effectiveTo: "2024-03",
            kind: "MARKUP",
            percent: "50",
          },
        },
        tenant.sysAdminToken,
      );
      expect(errorOf(created)).toMatchObject({
        code: "CONFLICT",
        reason: "MONTH_LOCKED",
        field: "input.effectiveFrom",
        details: { month: "2024-02" },
      });
      // Even a Parent-wide default rule reaching into the month is refused.
      const defaulted = await server.gql(
        CREATE_RULE,
        {
          p: tenant.parentId,
          input: { order: 9, effectiveFrom: "2024-02", kind: "FEE", amount: "1" },
        },
        tenant.sysAdminToken,
      );
      expect(errorOf(defaulted)).toMatchObject({ code: "CONFLICT", reason: "MONTH_LOCKED" });
      const changed = await server.gql(
        UPDATE_RULE,
        {
          p: tenant.parentId,
          id: rules.markup!.id,
          input: {
            childPartnerId: x,
            order: 1,
            effectiveFrom: "2024-02",
            effectiveTo: "2024-02",
            kind: "MARKUP",
            percent: "12",
          },
        },
        tenant.sysAdminToken,
      );
      expect(errorOf(changed)).toMatchObject({
        code: "CONFLICT",
        reason: "MONTH_LOCKED",
        field: "input.percent",
      });
      const deleted = await server.gql(
        DELETE_RULE,
        { p: tenant.parentId, id: rules.markup!.id },
        tenant.sysAdminToken,
      );
      expect(errorOf(deleted)).toMatchObject({ code: "CONFLICT", reason: "MONTH_LOCKED" });
    });

    // A rule elsewhere recomputes the other months, never the locked one.
    await createRule("later", {
      childPartnerId: x,
      order: 1,
      effectiveFrom: "2024-08",
      kind: "MARKUP",
      percent: "1",
    });
    const jobs = await settleJobs(server, tenant.sysAdminToken, tenant.parentId);
    expect(jobs[0]).toMatchObject({
      source: "PRICING_CHANGE",
      state: "SUCCEEDED",
      outcome: "reallocated 2024-01, 2024-03, 2024-04, 2024-05, 2024-06, 2024-07",
    });
    expect(await february()).toEqual(februaryBefore);

    // A newer report for the locked month fails its job and changes nothing.
    const newer = curLegacyCsv([
      ...monthLines(tenant.payerId, payeeA, "2024-02", "200.00"),
      ...monthLines(tenant.payerId, payeeB, "2024-02"),
    ]);
    const refused = await expectFailedIngest(server, tenant, newer, "cur-2024-02-v2.csv");
    expect(refused.error).toContain("2024-02 is locked");
    expect(await totals(x, "2024-02")).toEqual(
      expected("185.000000000000", "192.500000000000", "15.000000000000"),
    );

    // A job that read its report before the lock (past the worker's own check) cannot replace the
    // month either: the store checks the lock inside its transaction.
    const store = new CostStore(server.running.deps);
    const lockedMonth = await server.running.deps.dataSource
      .getRepository(BillingMonthEntity)
      .findOneByOrFail({
        masterPayerAccountId: Number(tenant.masterPayerAccountId),
        billingPeriod: "2024-02",
      });
    const stored = await billingState(server);
    const nothing = { allocated: [], unallocated: [] };
    await expect(
      store.replaceMonth(
        {
          masterPayerAccountId: lockedMonth.masterPayerAccountId,
          billingPeriod: "2024-02",
          invoiceId: null,
          contentHash: "0".repeat(64),
          fileName: "raced.csv",
          format: "CUR_LEGACY",
          lineItems: 0,
          rows: [],
        },
        nothing,
      ),
    ).rejects.toBeInstanceOf(MonthLockedError);
    await expect(
      store.replaceAllocation(lockedMonth.id, "2024-02", nothing),
    ).rejects.toBeInstanceOf(MonthLockedError);
    expect(await billingState(server)).toEqual(stored);

    // Unlocked, the rule change and the report go through.
    expect(expectData(await lock("unlockBillingMonth"))).toEqual({
      unlockBillingMonth: { billingPeriod: "2024-02", locked: false },
    });
    expectData(
      await server.gql(
        UPDATE_RULE,
        {
          p: tenant.parentId,
          id: rules.markup!.id,
          input: {
            childPartnerId: x,
            order: 1,
            effectiveFrom: "2024-02",
            effectiveTo: "2024-02",
            kind: "MARKUP",
            percent: "12",
          },
        },
        tenant.sysAdminToken,
      ),
    );
    await settleJobs(server, tenant.sysAdminToken, tenant.parentId);
    // +12 %: 112 + 0 + 20 + 56.
    expect(await totals(x, "2024-02")).toEqual(
      expected("188.000000000000", "195.500000000000", "18.000000000000"),
    );
    const accepted = await ingestAs(server, tenant, newer, "cur-2024-02-v2.csv");
    expect(accepted, accepted.error ?? "").toMatchObject({ state: "SUCCEEDED" });
    // The new report's EC2 usage is 200: base 270, billed 224 + 0 + 20 + 56.
    expect(await totals(x, "2024-02")).toEqual({
      ...expected("300.000000000000", "307.500000000000", "30.000000000000"),
      baseCost: "270.000000000000",
    });
  });

  it("should refuse invalid rules with BAD_USER_INPUT naming the field, and write nothing", async () => {
    const other = await createParentTenant(server, "pricing-other");
    const foreignChild = await createChild(server, other.sysAdminToken, {
      name: "Foreign",
      parentId: other.parentId,
    });
    const base = {
      childPartnerId: x,
      order: 1,
      effectiveFrom: "2024-09",
      kind: "MARKUP",
      percent: "5",
    };
    const cases: [RuleInput, Record<string, string>][] = [
      [
        { ...base, percent: "5.555" },
        { code: "BAD_USER_INPUT", field: "input.percent", reason: "PERCENT_INVALID" },
      ],
      [
        { ...base, percent: "-5" },
        { code: "BAD_USER_INPUT", field: "input.percent", reason: "PERCENT_INVALID" },
      ],
      [
        { ...base, kind: "DISCOUNT", percent: "100.01" },
        { code: "BAD_USER_INPUT", field: "input.percent", reason: "PERCENT_OUT_OF_RANGE" },
      ],
      [
        { ...base, percent: null },
        { code: "BAD_USER_INPUT", field: "input.percent", reason: "VALUE_REQUIRED" },
      ],
      [
        { ...base, basis: "LIST" },
        { code: "BAD_USER_INPUT", field: "input.basis", reason: "RULE_FIELD_NOT_ALLOWED" },
      ],
      [
        { ...base, kind: "FEE", amount: "10" },
        { code: "BAD_USER_INPUT", field: "input.amount", reason: "AMOUNT_XOR_PERCENT" },
      ],
      [
        { ...base, kind: "CREDIT", percent: null },
        { code: "BAD_USER_INPUT", field: "input.amount", reason: "AMOUNT_XOR_PERCENT" },
      ],
      [
        { ...base, kind: "FEE", percent: null, amount: "0" },
        { code: "BAD_USER_INPUT", field: "input.amount", reason: "AMOUNT_INVALID" },
      ],
      [
        { ...base, kind: "FEE", percent: null, amount: "9.999" },
        { code: "BAD_USER_INPUT", field: "input.amount", reason: "AMOUNT_INVALID" },
      ],
      [
        { ...base, kind: "BASIS", percent: null },
        { code: "BAD_USER_INPUT", field: "input.basis", reason: "VALUE_REQUIRED" },
      ],
      [
        { ...base, kind: "BASIS", percent: null, serviceCode: "AmazonS3", basis: "LIST" },
        { code: "BAD_USER_INPUT", field: "input.serviceCode", reason: "RULE_FIELD_NOT_ALLOWED" },
      ],
      [
        { ...base, effectiveFrom: "2024-13" },
        { code: "BAD_USER_INPUT", field: "input.effectiveFrom", reason: "MONTH_INVALID" },
      ],
      [
        { ...base, effectiveTo: "2024-08" },
        { code: "BAD_USER_INPUT", field: "input.effectiveTo", reason: "MONTH_RANGE_INVALID" },
      ],
      [
        { ...base, order: -1 },
        { code: "BAD_USER_INPUT", field: "input.order", reason: "VALUE_INVALID" },
      ],
      [
        { ...base, childPartnerId: foreignChild.id },
        { code: "NOT_FOUND", field: "input.childPartnerId" },
      ],
    ];
    await expectNoWrites(server, async () => {
      for (const [input, error] of cases) {
        const res = await server.gql(
          CREATE_RULE,
          { p: tenant.parentId, input },
          tenant.sysAdminToken,
        );
        expect(errorOf(res), JSON.stringify(input)).toMatchObject(error);
        expect(res.body.data ?? null).toBeNull();
      }
      // Another Parent's rule is as good as missing.
      const foreign = await server.gql(
        UPDATE_RULE,
        { p: other.parentId, id: rules.markup!.id, input: { ...base, childPartnerId: null } },
        other.sysAdminToken,
      );
      expect(errorOf(foreign)).toMatchObject({ code: "NOT_FOUND", field: "id" });
      const month = await server.gql(
        `mutation($mp: ID!) { lockBillingMonth(masterPayerAccountId: $mp, billingPeriod: "2024-2") { locked } }`,
        { mp: tenant.masterPayerAccountId },
        tenant.sysAdminToken,
      );
      expect(errorOf(month)).toMatchObject({ code: "BAD_USER_INPUT", field: "billingPeriod" });
      const unknownMonth = await server.gql(
        `mutation($mp: ID!) { lockBillingMonth(masterPayerAccountId: $mp, billingPeriod: "2023-01") { locked } }`,
        { mp: tenant.masterPayerAccountId },
        tenant.sysAdminToken,
      );
      expect(errorOf(unknownMonth)).toMatchObject({ code: "NOT_FOUND", field: "billingPeriod" });
    });
  });

  it("should delete a rule and recompute the months it priced", async () => {
    const deleted = await server.gql(
      DELETE_RULE,
      { p: tenant.parentId, id: rules.override!.id },
      tenant.sysAdminToken,
    );
    expect(expectData(deleted)).toEqual({ deletePricingRule: true });
    await settleJobs(server, tenant.sysAdminToken, tenant.parentId);
    // Without its own June rule, X falls back to the default +20 % in June.
    expect(await totals(x, "2024-06")).toEqual(
      expected("200.000000000000", "207.500000000000", "30.000000000000"),
    );
  });
});
