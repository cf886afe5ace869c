// Seeds the benchmark's tenant into the database of DATABASE_URL (`--mode seed`), or opens a
// seeded database and starts a session for its Partner Sys Admin (`--mode session`).
//
// The Parent and its Partner Sys Admin are made through the API's own service (the same rules
// and password hashing as createParentPartner); the Children, their accounts, reseller links and
// payees are bulk-inserted through the API's TypeORM data source in one transaction (tens of
// thousands of mutations over GraphQL would take minutes). The migrations are the API's: the
// server runs them on start, on SQLite and PostgreSQL alike.
import { randomBytes } from "node:crypto";
import { toViewerIdentity } from "@reseller/api/context";
import { loadConfig } from "@reseller/api/config";
import { createServer, type ResellerServer } from "@reseller/api/server";
import { argValue, runMain } from "../../common/runner.js";
import { SYS_ADMIN_EMAIL, type SeedResult, type SessionResult } from "../seed.js";

const MASTER_PAYER_AWS_ID = "900000000000";

type Manager = Parameters<Parameters<ResellerServer["deps"]["tx"]["run"]>[0]>[0];

/** Multi-row inserts in slices that stay under SQLite's and PostgreSQL's bound-parameter limits. */
async function insertRows(
  m: Manager,
  table: string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const columns = Object.keys(rows[0] ?? {}).length || 1;
  const slice = Math.floor(30_000 / columns);
  for (let i = 0; i < rows.length; i += slice) {
    await m
      .createQueryBuilder()
      .insert()
      .into(table)
      .values(rows.slice(i, i + slice))
      .updateEntity(false)
      .execute();
  }
}

async function ids(m: Manager, table: string, where: string, params: object): Promise<number[]> {
  const rows = await m
    .createQueryBuilder()
    .select("t.id", "id")
    .from(table, "t")
    .where(where, params)
    .orderBy("t.id", "ASC")
    .getRawMany<{ id: number | string }>();
  return rows.map((r) => Number(r.id));
}

/** A 12-digit AWS account id: a one-digit kind, then the number. */
function awsId(kind: number, n: number): string {
  return `${kind}${String(n).padStart(11, "0")}`;
}

async function seed(server: ResellerServer, children: number, payees: number): Promise<SeedResult> {
  const { deps, services } = server;
  const started = performance.now();
  const [existing] = await deps.dataSource.query<{ n: number | string }[]>(
    "SELECT count(*) AS n FROM partner",
  );
  if (Number(existing?.n ?? 0) > 0)
    throw new Error("the database already holds partners: seed an empty database");

  // An operator as the seed's caller; it never signs in.
  const operator = toViewerIdentity(
    { id: 0, role: "OPERATOR", partnerId: null, status: "ACTIVE" } as Parameters<
      typeof toViewerIdentity
    >[0],
    null,
    { kind: "session", id: 0 },
  );
  const { partner: parent } = await services.partners.createParent(operator, {
    name: "Bench Distribution",
    email: "billing@bench-api.example",
    sysAdmin: {
      email: SYS_ADMIN_EMAIL,
      name: "Bench Sys Admin",
      password: randomBytes(18).toString("base64url"),
    },
  });

  const now = new Date("2026-11-01T00:00:00.000Z");
  return deps.tx.run(async (m) => {
    await insertRows(m, "account", [
      {
        partnerId: parent.id,
        name: "Master payer",
        awsAccountId: MASTER_PAYER_AWS_ID,
        isMasterPayer: true,
        createdAt: now,
      },
    ]);
    const [masterPayerAccountId] = await ids(m, "account", "t.partner_id = :id", { id: parent.id });
    if (masterPayerAccountId === undefined) throw new Error("no master payer account");

    const width = String(children).length;
    await insertRows(
      m,
      "partner",
      Array.from({ length: children }, (_, i) => ({
        name: `Bench Child ${String(i + 1).padStart(width, "0")}`,
        email: `child${i + 1}@bench-api.example`,
        level: "CHILD",
        parentId: parent.id,
        isReseller: true,
        createdAt: now,
      })),
    );
    const childIds = await ids(m, "partner", "t.parent_id = :id", { id: parent.id });

    // Two accounts per Child; the second receives its link's billing data.
    await insertRows(
      m,
      "account",
      childIds.flatMap((partnerId, i) => [
        {
          partnerId,
          name: "Main",
          awsAccountId: awsId(4, i),
          isMasterPayer: false,
          createdAt: now,
        },
        {
          partnerId,
          name: "Receiving",
          awsAccountId: awsId(5, i),
          isMasterPayer: false,
          createdAt: now,
        },
      ]),
    );
    const accountIds = await ids(m, "account", "t.partner_id <> :id", { id: parent.id });

    await insertRows(
      m,
      "reseller_link",
      childIds.map((resellerPartnerId, i) => ({
        parentPartnerId: parent.id,
        masterPayerAccountId,
        resellerPartnerId,
        resellerAccountId: accountIds[i * 2 + 1],
        awsPayerAccountId: MASTER_PAYER_AWS_ID,
        history: "RESET_ALL_HISTORY",
        createdAt: now,
        updatedAt: now,
      })),
    );
    const linkIds = await ids(m, "reseller_link", "t.parent_partner_id = :id", { id: parent.id });

    await insertRows(
      m,
      "reseller_link_payee",
      linkIds.flatMap((linkId, i) =>
        Array.from({ length: payees }, (_, position) => ({
          linkId,
          awsAccountId: awsId(3, i * payees + position),
          masterPayerAccountId,
          position,
        })),
      ),
    );
    return {
      parentPartnerId: parent.id,
      masterPayerAccountId,
      children: childIds.length,
      accounts: accountIds.length + 1,
      links: linkIds.length,
      payees: linkIds.length * payees,
      ms: performance.now() - started,
    };
  });
}

/** A new 12-hour session of the seeded Partner Sys Admin (the benchmark's caller). */
async function startSession(server: ResellerServer): Promise<SessionResult> {
  const { deps, services } = server;
  const user = await deps.dataSource
    .getRepository("app_user")
    .findOneBy({ email: SYS_ADMIN_EMAIL });
  if (!user) throw new Error(`no user ${SYS_ADMIN_EMAIL}: the database is not seeded`);
  const session = await deps.tx.run((m) =>
    services.auth.startSession(m, user as Parameters<typeof services.auth.startSession>[1]),
  );
  const [partners] = await deps.dataSource.query<{ n: number | string }[]>(
    "SELECT count(*) AS n FROM partner",
  );
  return { token: session.token, partners: Number(partners?.n ?? 0) };
}

runMain(async (): Promise<SeedResult | SessionResult> => {
  const mode = argValue("mode");
  const server = await createServer({ config: loadConfig(), backgroundWork: false });
  try {
    if (mode === "seed")
      return await seed(server, Number(argValue("children")), Number(argValue("payees")));
    if (mode === "session") return await startSession(server);
    throw new Error(`--mode must be seed or session, got ${mode}`);
  } finally {
    if (server.deps.config.database.driver === "sqlite")
      await server.deps.dataSource.query("PRAGMA wal_checkpoint(TRUNCATE)");
    await server.stop();
  }
});
