// A reseller link's timeline over real HTTP: each version with who, when, the payees it added and
// removed, its history mode and the stored months it reached; another tenant sees none of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BillingServer,
  curLegacyCsv,
  ingest,
  settleJobs,
  startBillingServer,
} from "./support/billing.js";
import { type Tenant, awsId, createTenant, expectData } from "./support/fixtures.js";

const TIMELINE = `query($id: ID!) {
  resellerLink(id: $id) {
    changes { version action changedBy changedAt payees payeesAdded payeesRemoved history effectiveFromMonth monthsReached }
  }
}`;
const UPDATE = `mutation($id: ID!, $input: UpdateResellerLinkInput!) { updateResellerLink(id: $id, input: $input) { id } }`;

interface Version {
  version: number;
  action: string;
  changedBy: string | null;
  payees: string[];
  payeesAdded: string[];
  payeesRemoved: string[];
  history: string;
  effectiveFromMonth: string | null;
  monthsReached: string[];
}

describe("reseller link timeline", () => {
  let server: BillingServer;
  let tenant: Tenant;
  let other: Tenant;
  beforeAll(async () => {
    // "Now" is in 2024-02: 2024-01 is a closed month, 2024-02 the current one.
    server = await startBillingServer({ now: () => new Date("2024-02-15T12:00:00.000Z") });
    tenant = await createTenant(server, "timeline-a");
    other = await createTenant(server, "timeline-b");
    for (const month of ["2024-01", "2024-02"]) {
      const job = await ingest(
        server,
        tenant.sysAdminToken,
        tenant.masterPayerAccountId,
        curLegacyCsv(
          tenant.payees.map((payee) => ({
            payer: tenant.payerId,
            account: payee,
            day: `${month}-10`,
            cost: "10.00",
          })),
        ),
        `cur-${month}.csv`,
      );
      expect(job.state, job.error ?? "").toBe("SUCCEEDED");
    }
    await settleJobs(server, tenant.sysAdminToken, tenant.parentId);
  });
  afterAll(() => server.stop());

  it("should list every version with who, the payees added and removed, and the history mode", async () => {
    const added = awsId();
    const [kept, dropped] = tenant.payees as [string, string];
    expectData(
      await server.gql(
        UPDATE,
        {
          id: tenant.linkId,
          input: { awsPayeeAccountIds: [kept, added], history: "KEEP_HISTORY" },
        },
        tenant.sysAdminToken,
      ),
    );
    const versions = expectData(
      await server.gql<{ resellerLink: { changes: Version[] } }>(
        TIMELINE,
        { id: tenant.linkId },
        tenant.sysAdminToken,
      ),
    ).resellerLink.changes;
    expect(versions).toHaveLength(2);
    expect(versions[0]).toMatchObject({
      version: 1,
      action: "CREATE",
      changedBy: tenant.sysAdminEmail,
      payees: [kept, dropped],
      payeesAdded: [kept, dropped],
      payeesRemoved: [],
      history: "RESET_ALL_HISTORY",
      effectiveFromMonth: null,
      monthsReached: ["2024-01", "2024-02"],
    });
    expect(versions[1]).toMatchObject({
      version: 2,
      action: "UPDATE",
      changedBy: tenant.sysAdminEmail,
      payees: [kept, added],
      payeesAdded: [added],
      payeesRemoved: [dropped],
      history: "KEEP_HISTORY",
      effectiveFromMonth: "2024-02",
      monthsReached: ["2024-02"],
    });
  });

  it("should show another tenant neither the link nor its timeline", async () => {
    const res = await server.gql<{ resellerLink: unknown }>(
      TIMELINE,
      { id: tenant.linkId },
      other.sysAdminToken,
    );
    expect(res.body.data?.resellerLink).toBeNull();
    expect(JSON.stringify(res.body)).not.toContain(tenant.sysAdminEmail);
  });
});
