// Who sees what of the billing data: a Child's users get their own billed cost with its
// breakdowns, and never the Parent's base cost, basis, rules or margin (checked on the raw text
// of every answer); another tenant's Partner Sys Admin gets nothing of this tenant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BILL,
  JOB_FIELDS,
  MARGINS,
  MONTHS,
  UNALLOCATED,
  billsOf,
  curLegacyCsv,
  curMonthLines,
  ingestAs,
  settleJobs,
  startBillingServer,
  upload,
  type BillingServer,
} from "./support/billing.js";
import {
  awsId,
  createChild,
  createLink,
  createTenant,
  expectData,
  expectNoWrites,
  type Tenant,
} from "./support/fixtures.js";
import { postQuery, type RawResponse } from "./support/http.js";

const RULE_FIELDS =
  "id childPartnerId order effectiveFrom effectiveTo kind percent amount serviceCode basis";

// The Parent's own amounts for the Child's months (total, by service, day 01): with the rules
// below no billed amount equals any of them, so none may appear in what the Child reads.
const BASE_AMOUNTS = [
  "170.000000000000",
  "120.000000000000",
  "50.000000000000",
  "100.000000000000",
];
const PARENT_ONLY_WORDS = ["baseCost", "margin", "basis", "UNBLENDED", "LIST"];

describe("visibility of billing data", () => {
  let server: BillingServer;
  let tenant: Tenant;
  let other: Tenant;
  let sibling: string;
  let jobId: string;
  let ruleIds: string[];

  beforeAll(async () => {
    server = await startBillingServer();
    tenant = await createTenant(server, "vis");
    other = await createTenant(server, "vis-other");
    sibling = (
      await createChild(server, tenant.sysAdminToken, {
        name: "Vis Sibling",
        parentId: tenant.parentId,
      })
    ).id;
    const siblingPayee = awsId();
    await createLink(server, tenant, sibling, [siblingPayee]);

    // The other Parent's rules come first, so this tenant's rule ids differ from its other ids.
    for (let i = 0; i < 25; i += 1) {
      expectData(
        await server.gql(
          `mutation($p: ID!, $input: PricingRuleInput!) { createPricingRule(parentPartnerId: $p, input: $input) { id } }`,
          {
            p: other.parentId,
            input: { order: i, effectiveFrom: "2030-01", kind: "MARKUP", percent: "1" },
          },
          other.sysAdminToken,
        ),
      );
    }
    // Each payee's month: base 170.00, EC2 120.00, S3 50.00, day 01 100.00 (curMonthLines).
    const [payee] = tenant.payees;
    const lines = ["2024-02", "2024-03"].flatMap((month) => [
      ...curMonthLines(tenant.payerId, payee!, month),
      ...curMonthLines(tenant.payerId, siblingPayee, month),
    ]);
    const job = await ingestAs(server, tenant, curLegacyCsv(lines), "vis.csv");
    expect(job.state).toBe("SUCCEEDED");
    jobId = job.id;
    const rule = (input: Record<string, unknown>) =>
      server.gql<{ createPricingRule: { id: string } }>(
        `mutation($p: ID!, $input: PricingRuleInput!) { createPricingRule(parentPartnerId: $p, input: $input) { id } }`,
        { p: tenant.parentId, input },
        tenant.sysAdminToken,
      );
    ruleIds = [
      expectData(
        await rule({
          childPartnerId: tenant.child.id,
          order: 1,
          effectiveFrom: "2024-02",
          effectiveTo: "2024-02",
          kind: "MARKUP",
          percent: "10",
        }),
      ),
      expectData(
        await rule({
          childPartnerId: tenant.child.id,
          order: 1,
          effectiveFrom: "2024-03",
          effectiveTo: "2024-03",
          kind: "BASIS",
          basis: "LIST",
        }),
      ),
      expectData(
        await rule({
          childPartnerId: tenant.child.id,
          order: 2,
          effectiveFrom: "2024-03",
          effectiveTo: "2024-03",
          kind: "MARKUP",
          percent: "10",
        }),
      ),
      expectData(await rule({ order: 1, effectiveFrom: "2024-02", kind: "FEE", amount: "12.34" })),
    ].map((r) => r.createPricingRule.id);
    await settleJobs(server, tenant.sysAdminToken, tenant.parentId);
  });
  afterAll(() => server.stop());

  function parentOnlyQueries(t: Tenant) {
    const ruleInput = {
      childPartnerId: t.child.id,
      order: 5,
      effectiveFrom: "2024-02",
      kind: "DISCOUNT",
      percent: "50",
    };
    return {
      resellerMargins: [MARGINS, { parent: t.parentId, period: "2024-02" }],
      unallocatedCosts: [UNALLOCATED, { mp: t.masterPayerAccountId, period: "2024-02" }],
      unknownLineItemTypes: [
        `query($mp: ID!, $period: String!) { unknownLineItemTypes(masterPayerAccountId: $mp, billingPeriod: $period) { lineItemType currency lineItems unblendedCost } }`,
        { mp: t.masterPayerAccountId, period: "2024-02" },
      ],
      billingMonths: [MONTHS, { mp: t.masterPayerAccountId }],
      billingJobs: [
        `query($p: ID!) { billingJobs(parentPartnerId: $p) { ${JOB_FIELDS} } }`,
        { p: t.parentId },
      ],
      pricingRules: [
        `query($p: ID!) { pricingRules(parentPartnerId: $p) { ${RULE_FIELDS} } }`,
        { p: t.parentId },
      ],
      createPricingRule: [
        `mutation($p: ID!, $input: PricingRuleInput!) { createPricingRule(parentPartnerId: $p, input: $input) { ${RULE_FIELDS} } }`,
        { p: t.parentId, input: ruleInput },
      ],
      updatePricingRule: [
        `mutation($p: ID!, $id: ID!, $input: PricingRuleInput!) { updatePricingRule(parentPartnerId: $p, id: $id, input: $input) { ${RULE_FIELDS} } }`,
        { p: t.parentId, id: ruleIds[0], input: ruleInput },
      ],
      deletePricingRule: [
        `mutation($p: ID!, $id: ID!) { deletePricingRule(parentPartnerId: $p, id: $id) }`,
        { p: t.parentId, id: ruleIds[0] },
      ],
      lockBillingMonth: [
        `mutation($mp: ID!) { lockBillingMonth(masterPayerAccountId: $mp, billingPeriod: "2024-02") { billingPeriod locked } }`,
        { mp: t.masterPayerAccountId },
      ],
      unlockBillingMonth: [
        `mutation($mp: ID!) { unlockBillingMonth(masterPayerAccountId: $mp, billingPeriod: "2024-02") { billingPeriod locked } }`,
        { mp: t.masterPayerAccountId },
      ],
      reallocateBilling: [
        `mutation($mp: ID!) { reallocateBilling(masterPayerAccountId: $mp) { ${JOB_FIELDS} } }`,
        { mp: t.masterPayerAccountId },
      ],
    } satisfies Record<string, [string, Record<string, unknown>]>;
  }

  const ask = (token: string, query: string, variables: Record<string, unknown>) =>
    postQuery(server.graphqlUrl, query, token, variables);

  function expectRefused(res: RawResponse, what: string, codes: string[]) {
    expect(res.body?.data ?? null, what).toBeNull();
    const code = res.body?.errors?.[0]?.extensions?.code;
    expect(codes, `${what}: ${res.text}`).toContain(code);
  }

  function expectNothingParentOnly(res: RawResponse | { text: string }, what: string) {
    for (const word of PARENT_ONLY_WORDS)
      expect(res.text, `${what} mentions ${word}`).not.toContain(word);
    for (const amount of BASE_AMOUNTS)
      expect(res.text, `${what} shows ${amount}`).not.toContain(amount);
    for (const id of ruleIds) expect(res.text, `${what} shows rule ${id}`).not.toContain(`"${id}"`);
  }

  it("should give a Child's user its own bill with its breakdowns, the same the Parent sees of it", async () => {
    const child = tenant.child.adminToken;
    // The rule ids are told apart from every id the Child may legitimately see.
    for (const id of [
      tenant.child.id,
      tenant.child.accountId,
      tenant.parentId,
      tenant.masterPayerAccountId,
      sibling,
    ])
      expect(ruleIds).not.toContain(id);

    const february = await ask(child, BILL, { id: tenant.child.id, period: "2024-02" });
    expect(february.body?.errors).toBeUndefined();
    const bill = february.body?.data?.partner?.bill as {
      billed: string;
      total: string;
      byService: unknown[];
    }[];
    // +10 % (the Child's own rule replaces the Parent's default fee): 110 + 0 + 20 + 55.
    expect(bill).toEqual([
      {
        billingPeriod: "2024-02",
        currency: "USD",
        billed: "185.000000000000",
        tax: "15.000000000000",
        credits: "0.000000000000",
        refunds: "0.000000000000",
        total: "200.000000000000",
        byService: [
          { key: "AmazonEC2", billedCost: "130.000000000000" },
          { key: "AmazonS3", billedCost: "55.000000000000" },
        ],
        byAccount: [{ key: tenant.payees[0], billedCost: "185.000000000000" }],
        byDay: [
          { key: "2024-02-01", billedCost: "110.000000000000" },
          { key: "2024-02-02", billedCost: "0.000000000000" },
          { key: "2024-02-03", billedCost: "20.000000000000" },
          { key: "2024-02-04", billedCost: "55.000000000000" },
        ],
      },
    ]);
    expect(await billsOf(server, tenant.sysAdminToken, tenant.child.id, "2024-02")).toEqual(bill);
    expectNothingParentOnly(february, "the Child's February bill");

    // March on LIST basis, +10 %: 110 + 44 + 0 + 55.
    const march = await ask(child, BILL, { id: tenant.child.id, period: "2024-03" });
    expect(march.body?.data?.partner?.bill?.[0]?.billed).toBe("209.000000000000");
    expectNothingParentOnly(march, "the Child's March bill");

    // The sibling's Child gets the Parent default (the fee) in February: 170 + 12.34.
    expect((await billsOf(server, tenant.sysAdminToken, sibling, "2024-02"))?.[0]?.billed).toBe(
      "182.340000000000",
    );
  });

  it("should refuse every Parent-only billing query and mutation to a Child's user, and show it nothing Parent-only", async () => {
    const child = tenant.child.adminToken;
    await expectNoWrites(server, async () => {
      for (const [name, [query, variables]] of Object.entries(parentOnlyQueries(tenant))) {
        const res = await ask(child, query, variables);
        expectRefused(res, name, ["NOT_FOUND", "FORBIDDEN"]);
        expectNothingParentOnly(res, name);
      }
      // Naming its own partner as the Parent gets it nowhere either.
      for (const query of [
        MARGINS,
        `query($parent: ID!) { pricingRules(parentPartnerId: $parent) { id } }`,
      ]) {
        const res = await ask(child, query, { parent: tenant.child.id, period: "2024-02" });
        expectRefused(res, "own partner as Parent", ["NOT_FOUND", "FORBIDDEN"]);
        expectNothingParentOnly(res, "own partner as Parent");
      }
      const job = await ask(child, `query($id: ID!) { billingJob(id: $id) { ${JOB_FIELDS} } }`, {
        id: jobId,
      });
      expect(job.body).toEqual({ data: { billingJob: null } });
      // The sibling's and the Parent's bills are invisible: the partner itself reads as missing.
      for (const id of [sibling, tenant.parentId]) {
        const res = await ask(child, BILL, { id, period: "2024-02" });
        expect(res.body).toEqual({ data: { partner: null } });
      }
      const uploaded = await upload(server, child, tenant.masterPayerAccountId, "x", "a.csv");
      expect(uploaded.status).toBe(404);
      expectNothingParentOnly(uploaded, "upload");
    });
  });

  it("should give another tenant's Partner Sys Admin nothing of this tenant's billing", async () => {
    const stranger = other.sysAdminToken;
    await expectNoWrites(server, async () => {
      for (const [name, [query, variables]] of Object.entries(parentOnlyQueries(tenant))) {
        const res = await ask(stranger, query, variables);
        expectRefused(res, name, ["NOT_FOUND"]);
        for (const amount of ["185.000000000000", ...BASE_AMOUNTS])
          expect(res.text, name).not.toContain(amount);
      }
      // A rule of this tenant, addressed through the stranger's own Parent: still missing.
      const rule = await ask(
        stranger,
        `mutation($p: ID!, $id: ID!) { deletePricingRule(parentPartnerId: $p, id: $id) }`,
        {
          p: other.parentId,
          id: ruleIds[0],
        },
      );
      expectRefused(rule, "deletePricingRule through its own Parent", ["NOT_FOUND"]);
      const job = await ask(stranger, `query($id: ID!) { billingJob(id: $id) { ${JOB_FIELDS} } }`, {
        id: jobId,
      });
      expect(job.body).toEqual({ data: { billingJob: null } });
      const bill = await ask(stranger, BILL, { id: tenant.child.id, period: "2024-02" });
      expect(bill.body).toEqual({ data: { partner: null } });
      const uploaded = await upload(server, stranger, tenant.masterPayerAccountId, "x", "a.csv");
      expect(uploaded.status).toBe(404);
      // Its own billing lists hold nothing of this tenant.
      const jobs = await ask(
        stranger,
        `query($p: ID!) { billingJobs(parentPartnerId: $p) { id } }`,
        { p: other.parentId },
      );
      expect(jobs.body).toEqual({ data: { billingJobs: [] } });
      const margins = await ask(stranger, MARGINS, { parent: other.parentId, period: "2024-02" });
      expect(margins.body).toEqual({ data: { resellerMargins: [] } });
    });
  });

  it("should give the Parent's Partner Sys Admin the base cost, margin and rules the Child never sees", async () => {
    const res = await ask(tenant.sysAdminToken, MARGINS, {
      parent: tenant.parentId,
      period: "2024-02",
    });
    const margins = res.body?.data?.resellerMargins as {
      partner: { id: string };
      baseCost: string;
      margin: string;
    }[];
    expect(margins.find((m) => m.partner.id === tenant.child.id)).toMatchObject({
      baseCost: "170.000000000000",
      billedCost: "185.000000000000",
      margin: "15.000000000000",
    });
    const rules = await ask(
      tenant.sysAdminToken,
      `query($p: ID!) { pricingRules(parentPartnerId: $p) { id basis } }`,
      {
        p: tenant.parentId,
      },
    );
    expect((rules.body?.data?.pricingRules as { id: string }[]).map((r) => r.id).sort()).toEqual(
      [...ruleIds].sort(),
    );
    expect(rules.text).toContain("LIST");
  });
});
