// The rate limits on PostgreSQL are shared by every API process on the database: two real
// processes (`node dist/main.js`) on a cluster this file owns, one sign-in lock between them.
//
//   bash tooling/scripts/with-postgres.sh pnpm --filter @reseller/api exec vitest run --project postgres test/rate-limits.pg.test.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATOR } from "./support/harness.js";
import { errorCodes, postJson } from "./support/http.js";
import { startPgCluster, type PgCluster } from "./support/pg-cluster.js";
import { type ApiProcess, assertApiBuilt, startApiProcess } from "./support/processes.js";

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;

describe("rate limits shared across API processes on PostgreSQL", () => {
  let cluster: PgCluster;
  let dir: string;
  let apiA: ApiProcess;
  let apiB: ApiProcess;

  beforeAll(async () => {
    assertApiBuilt();
    dir = mkdtempSync(join(tmpdir(), "reseller-rate-limits-"));
    cluster = await startPgCluster();
    const databaseUrl = await cluster.createDatabase("rate_limits");
    const startApi = (name: string) =>
      startApiProcess({
        env: {
          DATABASE_URL: databaseUrl,
          OPERATOR_EMAIL: OPERATOR.email,
          OPERATOR_PASSWORD: OPERATOR.password,
          MAIL_OUTBOX_DIR: join(dir, name, "outbox"),
          BILLING_DROP_DIR: join(dir, name, "drop"),
          BILLING_STORAGE_DIR: join(dir, name, "billing"),
          RATE_LIMIT_LOGIN_FAILURES: "5",
        },
      });
    // One after the other: the first runs the migrations and creates the operator.
    apiA = await startApi("a");
    apiB = await startApi("b");
  }, 120_000);

  afterAll(async () => {
    await apiA?.stop(2000);
    await apiB?.stop(2000);
    await cluster?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const login = (api: ApiProcess, email: string, password: string) =>
    postJson(api.graphqlUrl, { query: LOGIN, variables: { email, password } });

  it("should lock the account on both processes after 5 failures spread over them", async () => {
    const codes: string[] = [];
    for (const [i, api] of [apiA, apiB, apiA, apiB, apiA].entries())
      codes.push(errorCodes(await login(api, OPERATOR.email, `wrong-${i}`))[0] ?? "OK");
    expect(codes).toEqual(Array(5).fill("UNAUTHENTICATED"));
    // The right password, on either process: the lock counted failures from both.
    for (const api of [apiB, apiA]) {
      const locked = await login(api, OPERATOR.email, OPERATOR.password);
      expect(locked.status).toBe(429);
      expect(errorCodes(locked)).toEqual(["RATE_LIMITED"]);
      expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    }
  });

  it("should check at most 5 passwords when 40 guesses race on both processes", async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        login(i % 2 === 0 ? apiA : apiB, "raced@example.test", `guess-${i}`),
      ),
    );
    const codes = answers.map((res) => errorCodes(res)[0] ?? "OK");
    // A guess that was checked answers UNAUTHENTICATED; the rest were refused before the check.
    expect(codes.filter((code) => code === "UNAUTHENTICATED")).toHaveLength(5);
    expect(codes.filter((code) => code === "RATE_LIMITED")).toHaveLength(35);
  });
});
