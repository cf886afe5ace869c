import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "./support/fixtures.js";
import { startTestServer, type TestServer } from "./support/harness.js";

describe("server smoke", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it("should build a tenant through the API when every step is valid", async () => {
    const tenant = await createTenant(server, "smoke");
    const res = await server.gql(
      `{ partners { totalCount nodes { id level } } }`,
      {},
      tenant.sysAdminToken,
    );
    expect(res.body.data?.partners.totalCount).toBe(2);
  });
});
