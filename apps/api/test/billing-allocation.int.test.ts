// Allocation through the reseller links and their history (rule 6): payees move between two
// Children across three stored months, under RESET_ALL_HISTORY and KEEP_HISTORY, and every
// expected total is written out by hand. "Now" is 2024-02-15 (UTC), so 2024-02 is the current
// billing month: 2024-01 is closed, 2024-02 and 2024-03 are the current month and a later one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  billedOf,
  billingJobs,
  curLegacyCsv,
  ingest,
  marginsOf,
  settleJobs,
  startBillingServer,
  unallocatedOf,
  waitForJob,
  type BillingServer,
  type CurLine,
  type Unallocated,
} from "./support/billing.js";
import {
  awsId,
  createChild,
  createLink,
  createParentTenant,
  errorOf,
  expectData,
  type ParentTenant,
} from "./support/fixtures.js";
import { ResellerLinkChangeEntity } from "../src/persistence/entities/index.js";

const M1 = "2024-01";
const M2 = "2024-02";
const M3 = "2024-03";
const MONTHS = [M1, M2, M3] as const;
type Month = (typeof MONTHS)[number];

/** One Usage line per payee and month: A and B start with Child X, C and D with Child Y. */
const AMOUNTS = {
  A: { [M1]: "1000.10", [M2]: "2000.20", [M3]: "3000.30" },
  B: { [M1]: "100.01", [M2]: "200.02", [M3]: "300.03" },
  C: { [M1]: "10.000000000100", [M2]: "20.000000000200", [M3]: "30.000000000300" },
  D: { [M1]: "1.50", [M2]: "2.50", [M3]: "3.50" },
} as const;
type Payee = keyof typeof AMOUNTS;

const UPDATE_LINK = `mutation($id: ID!, $input: UpdateResellerLinkInput!) {
  updateResellerLink(id: $id, input: $input) { id history awsPayeeAccountIds }
}`;

/** An unallocated row of a payee that no link of its payer holds. */
function noLink(
  payerAccountId: string,
  usageAccountId: string,
  unblendedCost: string,
): Partial<Unallocated> {
  return { payerAccountId, usageAccountId, reason: "NO_LINK", unblendedCost };
}

/** What the API should answer at a step: Children's billed totals, unallocated rows by month. */
interface Allocation {
  x?: Record<Month, string | null>;
  y?: Record<Month, string | null>;
  unallocated?: Partial<Record<Month, Partial<Unallocated>[]>>;
}

interface Scenario {
  tenant: ParentTenant;
  x: string;
  y: string;
  linkX: string;
  linkY: string;
  ids: Record<Payee, string>;
  otherPayer: string;
}

describe("allocation through reseller links and their history", () => {
  let server: BillingServer;
  beforeAll(async () => {
    // A fixed clock: every change is recorded at the same instant, so only their order tells
    // which came later.
    server = await startBillingServer({ now: () => new Date("2024-02-15T12:00:00Z") });
  });
  afterAll(() => server.stop());

  /** A Parent with Children X {A, B} and Y {C, D}, and the three months ingested. */
  async function scenario(label: string): Promise<Scenario> {
    const tenant = await createParentTenant(server, label);
    const x = (
      await createChild(server, tenant.sysAdminToken, {
        name: `${label} X`,
        parentId: tenant.parentId,
      })
    ).id;
    const y = (
      await createChild(server, tenant.sysAdminToken, {
        name: `${label} Y`,
        parentId: tenant.parentId,
      })
    ).id;
    const ids: Record<Payee, string> = { A: awsId(), B: awsId(), C: awsId(), D: awsId() };
    const linkX = (await createLink(server, tenant, x, [ids.A, ids.B])).id;
    const linkY = (await createLink(server, tenant, y, [ids.C, ids.D])).id;
    const otherPayer = awsId();
    for (const [index, month] of MONTHS.entries()) {
      const lines: CurLine[] = (Object.keys(AMOUNTS) as Payee[]).map((payee) => ({
        payer: tenant.payerId,
        account: ids[payee],
        day: `${month}-1${index}`,
        cost: AMOUNTS[payee][month],
      }));
      // A's account under another payer is not the link's: it stays unallocated.
      if (month === M1)
        lines.push({ payer: otherPayer, account: ids.A, day: `${M1}-20`, cost: "5.00" });
      const job = await ingest(
        server,
        tenant.sysAdminToken,
        tenant.masterPayerAccountId,
        curLegacyCsv(lines),
        `cur-${month}.csv`,
      );
      expect(job, job.error ?? "").toMatchObject({ state: "SUCCEEDED" });
    }
    await settleJobs(server, tenant.sysAdminToken, tenant.parentId);
    return { tenant, x, y, linkX, linkY, ids, otherPayer };
  }

  async function billed(s: Scenario, child: string): Promise<Record<Month, string | null>> {
    const out = {} as Record<Month, string | null>;
    for (const month of MONTHS)
      out[month] = await billedOf(server, s.tenant.sysAdminToken, child, month);
    return out;
  }

  async function unallocated(s: Scenario, month: Month): Promise<Partial<Unallocated>[]> {
    const rows = await unallocatedOf(
      server,
      s.tenant.sysAdminToken,
      s.tenant.masterPayerAccountId,
      month,
    );
    return rows
      .map(({ payerAccountId, usageAccountId, reason, unblendedCost }) => ({
        payerAccountId,
        usageAccountId,
        reason,
        unblendedCost,
      }))
      .sort((a, b) => Number(a.unblendedCost) - Number(b.unblendedCost));
  }

  /** Checks each part of `expected` that is given, one assertion a part. */
  async function expectAllocation(s: Scenario, expected: Allocation): Promise<void> {
    for (const child of ["x", "y"] as const) {
      const byMonth = expected[child];
      if (byMonth) expect(await billed(s, s[child]), `billed to ${child}`).toEqual(byMonth);
    }
    for (const month of MONTHS) {
      const rows = expected.unallocated?.[month];
      if (rows) expect(await unallocated(s, month), `unallocated in ${month}`).toEqual(rows);
    }
  }

  /** Changes a link's payees and waits for the LINK_CHANGE job it queues to succeed. */
  async function changeLink(
    s: Scenario,
    linkId: string,
    payees: Payee[],
    history: "RESET_ALL_HISTORY" | "KEEP_HISTORY",
  ): Promise<void> {
    const before = (await billingJobs(server, s.tenant.sysAdminToken, s.tenant.parentId)).length;
    const updated = expectData(
      await server.gql<{ updateResellerLink: { history: string; awsPayeeAccountIds: string[] } }>(
        UPDATE_LINK,
        { id: linkId, input: { awsPayeeAccountIds: payees.map((p) => s.ids[p]), history } },
        s.tenant.sysAdminToken,
      ),
    ).updateResellerLink;
    expect(updated).toEqual({
      id: linkId,
      history,
      awsPayeeAccountIds: payees.map((p) => s.ids[p]),
    });
    await expectLinkChangeJob(s, before);
  }

  // The change queued an ALLOCATE job of source LINK_CHANGE, and it re-derived every unlocked month.
  async function expectLinkChangeJob(
    s: Scenario,
    jobsBefore: number,
    months = "2024-01, 2024-02, 2024-03",
  ) {
    const jobs = await settleJobs(server, s.tenant.sysAdminToken, s.tenant.parentId);
    expect(jobs.length).toBe(jobsBefore + 1);
    expect(jobs[0]).toMatchObject({
      kind: "ALLOCATE",
      source: "LINK_CHANGE",
      state: "SUCCEEDED",
      outcome: `reallocated ${months}`,
    });
  }

  it("should route each payee's rows to its link's Child for the link's payer only", async () => {
    const s = await scenario("routing");
    await expectAllocation(s, {
      x: { [M1]: "1100.110000000000", [M2]: "2200.220000000000", [M3]: "3300.330000000000" },
      y: { [M1]: "11.500000000100", [M2]: "22.500000000200", [M3]: "33.500000000300" },
      unallocated: {
        [M1]: [noLink(s.otherPayer, s.ids.A, "5.000000000000")],
        [M2]: [],
      },
    });
    const margins = await marginsOf(server, s.tenant.sysAdminToken, s.tenant.parentId, M1);
    expect(
      Object.fromEntries(margins.map((m) => [m.partner.id, [m.baseCost, m.billedCost, m.margin]])),
    ).toEqual({
      [s.x]: ["1100.110000000000", "1100.110000000000", "0.000000000000"],
      [s.y]: ["11.500000000100", "11.500000000100", "0.000000000000"],
    });

    // A payee belongs to one link at a time: a second claim is refused and changes nothing.
    const jobs = (await billingJobs(server, s.tenant.sysAdminToken, s.tenant.parentId)).length;
    const res = await server.gql(
      UPDATE_LINK,
      {
        id: s.linkY,
        input: { awsPayeeAccountIds: [s.ids.C, s.ids.D, s.ids.A], history: "KEEP_HISTORY" },
      },
      s.tenant.sysAdminToken,
    );
    expect(errorOf(res)).toMatchObject({ code: "CONFLICT", reason: "PAYEE_ALREADY_LINKED" });
    expect((await billingJobs(server, s.tenant.sysAdminToken, s.tenant.parentId)).length).toBe(
      jobs,
    );
    await expectAllocation(s, {
      y: { [M1]: "11.500000000100", [M2]: "22.500000000200", [M3]: "33.500000000300" },
    });
  });

  it("should keep the months before the current one with KEEP_HISTORY, and move the payee from the current month on", async () => {
    const s = await scenario("keep");

    // B leaves X from the current month (2024-02) on; 2024-01 keeps it.
    await changeLink(s, s.linkX, ["A"], "KEEP_HISTORY");
    const versions = await server.running.deps.dataSource
      .getRepository(ResellerLinkChangeEntity)
      .find({ where: { linkId: Number(s.linkX) }, order: { id: "ASC" } });
    expect(versions.map((c) => [c.action, c.history, c.effectiveFromMonth])).toEqual([
      ["CREATE", "RESET_ALL_HISTORY", null],
      ["UPDATE", "KEEP_HISTORY", M2],
    ]);
    await expectAllocation(s, {
      x: { [M1]: "1100.110000000000", [M2]: "2000.200000000000", [M3]: "3000.300000000000" },
      unallocated: {
        [M1]: [noLink(s.otherPayer, s.ids.A, "5.000000000000")],
        [M2]: [noLink(s.tenant.payerId, s.ids.B, "200.020000000000")],
        [M3]: [noLink(s.tenant.payerId, s.ids.B, "300.030000000000")],
      },
    });

    // B joins Y from the current month on.
    await changeLink(s, s.linkY, ["C", "D", "B"], "KEEP_HISTORY");
    await expectAllocation(s, {
      x: { [M1]: "1100.110000000000", [M2]: "2000.200000000000", [M3]: "3000.300000000000" },
      y: { [M1]: "11.500000000100", [M2]: "222.520000000200", [M3]: "333.530000000300" },
      unallocated: { [M2]: [], [M3]: [] },
    });

    // The same payees again, now with RESET_ALL_HISTORY: Y takes B in every month, 2024-01
    // included, since its change is the later one.
    await changeLink(s, s.linkY, ["C", "D", "B"], "RESET_ALL_HISTORY");
    await expectAllocation(s, {
      x: { [M1]: "1000.100000000000", [M2]: "2000.200000000000", [M3]: "3000.300000000000" },
      y: { [M1]: "111.510000000100", [M2]: "222.520000000200", [M3]: "333.530000000300" },
    });
  });

  it("should re-derive every stored month with RESET_ALL_HISTORY, and drop a deleted link's Child from every unlocked month", async () => {
    const s = await scenario("reset");

    // B is in no link now, in any month.
    await changeLink(s, s.linkX, ["A"], "RESET_ALL_HISTORY");
    await expectAllocation(s, {
      x: { [M1]: "1000.100000000000", [M2]: "2000.200000000000", [M3]: "3000.300000000000" },
      unallocated: {
        [M1]: [
          noLink(s.otherPayer, s.ids.A, "5.000000000000"),
          noLink(s.tenant.payerId, s.ids.B, "100.010000000000"),
        ],
        [M3]: [noLink(s.tenant.payerId, s.ids.B, "300.030000000000")],
      },
    });

    await changeLink(s, s.linkY, ["C", "D", "B"], "RESET_ALL_HISTORY");
    await expectAllocation(s, {
      x: { [M1]: "1000.100000000000", [M2]: "2000.200000000000", [M3]: "3000.300000000000" },
      y: { [M1]: "111.510000000100", [M2]: "222.520000000200", [M3]: "333.530000000300" },
    });

    // Lock 2024-01, then delete X's link: the unlocked months lose X, the locked one keeps it.
    expectData(
      await server.gql(
        `mutation($mp: ID!, $p: String!) { lockBillingMonth(masterPayerAccountId: $mp, billingPeriod: $p) { locked } }`,
        { mp: s.tenant.masterPayerAccountId, p: M1 },
        s.tenant.sysAdminToken,
      ),
    );
    const before = (await billingJobs(server, s.tenant.sysAdminToken, s.tenant.parentId)).length;
    expect(
      expectData(
        await server.gql(
          `mutation($id: ID!) { deleteResellerLink(id: $id) }`,
          { id: s.linkX },
          s.tenant.sysAdminToken,
        ),
      ),
    ).toEqual({ deleteResellerLink: true });
    await expectLinkChangeJob(s, before, "2024-02, 2024-03");
    await expectAllocation(s, {
      x: { [M1]: "1000.100000000000", [M2]: null, [M3]: null },
      y: { [M1]: "111.510000000100", [M2]: "222.520000000200", [M3]: "333.530000000300" },
      unallocated: { [M2]: [noLink(s.tenant.payerId, s.ids.A, "2000.200000000000")] },
    });

    // Unlocked and recomputed by hand, 2024-01 loses X too.
    expectData(
      await server.gql(
        `mutation($mp: ID!, $p: String!) { unlockBillingMonth(masterPayerAccountId: $mp, billingPeriod: $p) { locked } }`,
        { mp: s.tenant.masterPayerAccountId, p: M1 },
        s.tenant.sysAdminToken,
      ),
    );
    const job = expectData(
      await server.gql<{ reallocateBilling: { id: string } }>(
        `mutation($mp: ID!, $p: String) { reallocateBilling(masterPayerAccountId: $mp, billingPeriod: $p) { id } }`,
        { mp: s.tenant.masterPayerAccountId, p: M1 },
        s.tenant.sysAdminToken,
      ),
    ).reallocateBilling;
    expect(await waitForJob(server, s.tenant.sysAdminToken, job.id)).toMatchObject({
      kind: "ALLOCATE",
      source: "MANUAL",
      state: "SUCCEEDED",
      billingPeriod: M1,
      outcome: "reallocated 2024-01",
    });
    await expectAllocation(s, {
      x: { [M1]: null, [M2]: null, [M3]: null },
      unallocated: {
        [M1]: [
          noLink(s.otherPayer, s.ids.A, "5.000000000000"),
          noLink(s.tenant.payerId, s.ids.A, "1000.100000000000"),
        ],
      },
    });

    // Every version of the deleted link is kept, so any month can be explained.
    const changes = await server.running.deps.dataSource
      .getRepository(ResellerLinkChangeEntity)
      .find({ where: { linkId: Number(s.linkX) }, order: { id: "ASC" } });
    expect(
      changes.map((c) => [c.action, JSON.parse(c.payeeIds) as string[], c.effectiveFromMonth]),
    ).toEqual([
      ["CREATE", [s.ids.A, s.ids.B], null],
      ["UPDATE", [s.ids.A], null],
      ["DELETE", [], null],
    ]);
  });
});
