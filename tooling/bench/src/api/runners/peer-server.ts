// The peers, each in its own process like our server:
//   --kind bare       node:http answering `{ __typename }` with the same JSON, nothing else;
//   --kind mercurius  fastify + mercurius with graphql-jit on our schema's SDL
//                     (packages/schema/schema.graphql), with the hand-written SQL resolvers of
//                     peer/partners.ts on the database of DATABASE_URL.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import Fastify from "fastify";
import mercurius, { type IResolvers, type MercuriusLoaders } from "mercurius";
import { argValue } from "../../common/runner.js";
import { openPeerDatabase } from "../peer/database.js";
import { authenticate, loaders, peerContext, resolvers } from "../peer/partners.js";
import { announce, countRequests, serveControl } from "../server-process.js";

const FLOOR_ANSWER = JSON.stringify({ data: { __typename: "Query" } });

async function bare(): Promise<void> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let query: unknown;
      try {
        query = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { query?: unknown }).query;
      } catch {
        query = null;
      }
      if (req.method !== "POST" || typeof query !== "string") {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(FLOOR_ANSWER);
    });
  });
  const counts = countRequests(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serveControl(
    () => ({ ...counts, statements: 0 }),
    () => new Promise((resolve) => server.close(() => resolve())),
  );
  announce(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
}

async function withMercurius(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const db = openPeerDatabase(url);
  const sdl = readFileSync(
    fileURLToPath(import.meta.resolve("@reseller/schema/schema.graphql")),
    "utf8",
  );
  const app = Fastify({ logger: false, bodyLimit: 100 * 1024 });
  await app.register(mercurius, {
    schema: sdl,
    resolvers: resolvers as unknown as IResolvers,
    loaders: loaders as unknown as MercuriusLoaders,
    // Compile an operation with graphql-jit from its second execution on.
    jit: 1,
    graphiql: false,
    context: async (request) =>
      peerContext(db, await authenticate(db, request.headers.authorization)),
  });
  const counts = countRequests(app.server);
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  serveControl(
    () => ({ ...counts, statements: db.statements }),
    async () => {
      await app.close();
      await db.close();
    },
  );
  announce(`${address}/graphql`);
}

const kind = argValue("kind");
(kind === "bare"
  ? bare()
  : kind === "mercurius"
    ? withMercurius()
    : Promise.reject(new Error(`--kind ${kind}?`))
).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
