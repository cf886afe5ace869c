// The benchmark's data: a Parent with N reseller Children, each with two accounts and one reseller
// link of M payees. On SQLite the seeded file is cached in the data folder, keyed by the
// parameters, the API's migrations and the seeding code, and each run works on a copy; on
// PostgreSQL it is seeded into the database of DATABASE_URL.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { apiEnv, copyDatabase, removeDatabase } from "../common/api-process.js";
import { runNode, runnerPath } from "../common/spawn.js";

export const SYS_ADMIN_EMAIL = "sysadmin@bench-api.example";
export const ACCOUNTS_PER_CHILD = 2;

export interface SeedParameters {
  children: number;
  payeesPerLink: number;
}

export interface SeedResult {
  parentPartnerId: number;
  masterPayerAccountId: number;
  children: number;
  accounts: number;
  links: number;
  payees: number;
  ms: number;
}

export interface SessionResult {
  token: string;
  partners: number;
}

export interface BenchData {
  driver: "sqlite" | "postgres";
  /** DATABASE_URL for every server: the run's copy of the SQLite file, or the PostgreSQL database. */
  url: string;
  /** The bearer token of a session of the seeded Partner Sys Admin. */
  token: string;
  seed: SeedResult;
  /** Seconds spent seeding in this run; null when the cached file was reused. */
  seededS: number | null;
}

const PREFIX = "api-seed-";

/** The cache key: what the seeded file depends on. */
async function seedKey(params: SeedParameters): Promise<string> {
  const api = dirname(fileURLToPath(import.meta.resolve("@reseller/api/package.json")));
  const migrations = join(api, "dist/persistence/migrations/sqlite");
  const hash = createHash("sha256").update(JSON.stringify(params));
  for (const name of (await readdir(migrations)).filter((n) => n.endsWith(".js")).sort())
    hash.update(name);
  hash.update(await readFile(runnerPath("api", "seed")));
  return hash.digest("hex").slice(0, 12);
}

async function runSeed(
  url: string,
  workDir: string,
  params: SeedParameters,
): Promise<{ seed: SeedResult; seconds: number }> {
  const { result, wallMs } = await runNode<SeedResult>(
    runnerPath("api", "seed"),
    [
      "--mode",
      "seed",
      "--children",
      String(params.children),
      "--payees",
      String(params.payeesPerLink),
    ],
    apiEnv(url, workDir),
  );
  return { seed: result, seconds: wallMs / 1000 };
}

async function startSession(url: string, workDir: string): Promise<SessionResult> {
  return (
    await runNode<SessionResult>(
      runnerPath("api", "seed"),
      ["--mode", "session"],
      apiEnv(url, workDir),
    )
  ).result;
}

export async function prepareData(
  driver: "sqlite" | "postgres",
  dataDir: string,
  workDir: string,
  params: SeedParameters,
  log: (line: string) => void,
): Promise<BenchData> {
  if (driver === "postgres") {
    const url = process.env.DATABASE_URL;
    if (!url?.startsWith("postgres"))
      throw new Error(
        "--db postgres needs DATABASE_URL=postgres://… (e.g. bash tooling/scripts/with-postgres.sh pnpm bench:api --db postgres)",
      );
    log("seeding PostgreSQL (DATABASE_URL) …");
    const { seed, seconds } = await runSeed(url, workDir, params);
    log(`  seeded in ${seconds.toFixed(1)} s`);
    const session = await startSession(url, workDir);
    return { driver, url, token: session.token, seed, seededS: seconds };
  }

  await mkdir(dataDir, { recursive: true });
  const key = await seedKey(params);
  const stem = `${PREFIX}${params.children}x${params.payeesPerLink}-`;
  const file = join(dataDir, `${stem}${key}.sqlite`);
  const manifest = `${file}.json`;
  // Files of other seeding code or migrations, and leftovers of an interrupted run, go.
  for (const name of await readdir(dataDir)) {
    const stale =
      name.startsWith(`tmp-${PREFIX}`) ||
      (name.startsWith(stem) && !name.startsWith(`${stem}${key}`));
    if (stale) await rm(join(dataDir, name), { force: true });
  }
  let seed: SeedResult;
  let seededS: number | null = null;
  if (existsSync(file) && existsSync(manifest)) {
    seed = (JSON.parse(await readFile(manifest, "utf8")) as { seed: SeedResult }).seed;
    log(`reusing ${file}`);
  } else {
    const tmp = join(dataDir, `tmp-${stem}${key}.sqlite`);
    log(
      `seeding ${params.children.toLocaleString("en-US")} Children × ${params.payeesPerLink} payees into ${file} …`,
    );
    const seeded = await runSeed(`sqlite:${tmp}`, workDir, params);
    await rename(tmp, file);
    await removeDatabase(tmp);
    await writeFile(manifest, `${JSON.stringify({ key, params, seed: seeded.seed }, null, 2)}\n`);
    seed = seeded.seed;
    seededS = seeded.seconds;
    log(`  seeded in ${seededS.toFixed(1)} s (the inserts: ${(seed.ms / 1000).toFixed(1)} s)`);
  }
  const copy = join(workDir, "api.sqlite");
  await copyDatabase(file, copy);
  const url = `sqlite:${copy}`;
  const session = await startSession(url, workDir);
  if (session.partners !== params.children + 1)
    throw new Error(`${file} holds ${session.partners} partners, expected ${params.children + 1}`);
  return { driver, url, token: session.token, seed, seededS };
}
