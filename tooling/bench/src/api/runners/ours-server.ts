// Our API as `npm start` runs it (createServer from apps/api: Express, Apollo, type-graphql,
// TypeORM), on the database of DATABASE_URL, counting SQL statements through the server's
// database.onQuery hook. `--safety off` removes the GraphQL limits (the bench-only
// graphqlLimits: false), the request rate limit and the per-request credential lookup.
// `--metrics on` serves Prometheus metrics (METRICS_TOKEN set), to measure what they cost.
import { loadConfig } from "@reseller/api/config";
import { createServer } from "@reseller/api/server";
import { argValue } from "../../common/runner.js";
import { announce, countRequests, serveControl } from "../server-process.js";

// The rate limits stay on (every request is counted) but never refuse the load.
const UNREACHABLE_RATE = 1_000_000_000;

async function main(): Promise<void> {
  const safety = argValue("safety");
  if (safety !== "on" && safety !== "off") throw new Error(`--safety must be on or off`);
  let statements = 0;
  // Metrics on: every request counted and timed, as with METRICS_TOKEN in production.
  const metrics = process.argv.includes("--metrics");
  const config = loadConfig(
    metrics ? { ...process.env, METRICS_TOKEN: "bench-metrics-token-0123456789" } : process.env,
  );
  const server = await createServer({
    config,
    rateLimits: { anonymousPerMinute: UNREACHABLE_RATE, authenticatedPerMinute: UNREACHABLE_RATE },
    database: { onQuery: () => void statements++ },
    // The billing worker's polling would add statements that no request made.
    backgroundWork: false,
    graphqlLimits: safety === "on",
  });
  if (safety === "off") {
    // Auth off: each distinct Authorization header is looked up once; no request is rate-counted.
    const auth = server.services.auth;
    const authenticate = auth.authenticate.bind(auth);
    const known = new Map<string, ReturnType<typeof authenticate>>();
    auth.authenticate = (authorization) => {
      const key = authorization ?? "";
      let viewer = known.get(key);
      if (!viewer) known.set(key, (viewer = authenticate(authorization)));
      return viewer;
    };
    server.deps.rateLimits.consumeRequest = () => Promise.resolve();
  }
  const counts = countRequests(server.httpServer);
  const running = await server.listen(0, "127.0.0.1");
  serveControl(
    () => ({ ...counts, statements }),
    () => server.stop(),
  );
  announce(`${running.url}/graphql`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
