// A throwaway PostgreSQL cluster owned by one test file, so the test can stop and start the
// server under a running API (tooling/scripts/with-postgres.sh does the same for whole runs,
// and installs Debian's postgresql when it is missing). Listens on 127.0.0.1 only.
import { spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import pg from "pg";

export interface PgCluster {
  readonly port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly adminUrl: string;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** pg_ctl stop -m fast: sessions are ended, the port closes. */
  stop(): Promise<void>;
  /** Starts the stopped cluster again on the same port. */
  start(): Promise<void>;
  /** Stops it (immediate) and deletes its files. */
  destroy(): Promise<void>;
}

function findPgBin(): string {
  const versions = existsSync("/usr/lib/postgresql")
    ? readdirSync("/usr/lib/postgresql")
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const candidates = [
    ...versions.map((v) => `/usr/lib/postgresql/${v}/bin`),
    ...(process.env.PATH ?? "").split(delimiter).filter(Boolean),
  ];
  const found = candidates.find(
    (dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")),
  );
  if (!found)
    throw new Error(
      "PostgreSQL's initdb and pg_ctl were not found under /usr/lib/postgresql/*/bin or on PATH; " +
        "run the PostgreSQL tests through tooling/scripts/with-postgres.sh, which installs them",
    );
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL tool, as the postgres user when we are root (initdb and postgres refuse root). */
function runPg(
  argv: string[],
  cwd: string,
  asPostgres: boolean,
  timeoutMs = 90_000,
): Promise<string> {
  const [command, args] = asPostgres
    ? ["runuser", ["-u", "postgres", "--", ...argv]]
    : [argv[0]!, argv.slice(1)];
  return new Promise((resolve, reject) => {
    // pg_ctl leaves the server running with the log file as its output: wait for "exit", not
    // for the pipes to close.
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${argv.join(" ")} exited with ${code}:\n${output}`));
    });
  });
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = findPgBin();
  const asPostgres = process.getuid?.() === 0;
  const workDir = mkdtempSync(join(tmpdir(), "reseller-pg-"));
  const dataDir = join(workDir, "data");
  const logFile = join(workDir, "postgres.log");
  if (asPostgres) {
    const id = (flag: string) => spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
    const uid = id("-u");
    const gid = id("-g");
    if (uid.status !== 0 || gid.status !== 0)
      throw new Error(
        "running as root needs the system user postgres; tooling/scripts/with-postgres.sh creates it",
      );
    chownSync(workDir, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
  }
  const pgCtl = join(bin, "pg_ctl");
  await runPg(
    [join(bin, "initdb"), "-D", dataDir, "-A", "trust", "-U", "postgres", "--no-sync"].concat([
      "-E",
      "UTF8",
      "--locale=C",
    ]),
    workDir,
    asPostgres,
  );

  let port = 0;
  const startOn = (candidate: number) =>
    runPg(
      [
        pgCtl,
        ...["-D", dataDir, "-l", logFile, "-w", "-t", "60", "-o"],
        `-c listen_addresses=127.0.0.1 -p ${candidate} -k '${workDir}' -c fsync=off -c max_connections=200`,
        "start",
      ],
      workDir,
      asPostgres,
    );
  // Another process can take the port between the probe and the start: try a few.
  for (let attempt = 0; attempt < 3 && port === 0; attempt += 1) {
    const candidate = await freePort();
    try {
      await startOn(candidate);
      port = candidate;
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }

  let running = true;
  const stopNow = () => {
    if (!running) return;
    running = false;
    const argv = [pgCtl, "-D", dataDir, "-m", "immediate", "-w", "-t", "30", "stop"];
    spawnSync(
      asPostgres ? "runuser" : argv[0]!,
      asPostgres ? ["-u", "postgres", "--", ...argv] : argv.slice(1),
      {
        cwd: workDir,
        stdio: "ignore",
      },
    );
  };
  // A test that dies half-way must not leave a postgres server behind.
  process.once("exit", stopNow);

  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    port,
    adminUrl,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await runPg(
        [pgCtl, "-D", dataDir, "-m", "fast", "-w", "-t", "30", "stop"],
        workDir,
        asPostgres,
      );
      running = false;
    },
    async start() {
      await startOn(port);
      running = true;
    },
    async destroy() {
      process.removeListener("exit", stopNow);
      if (running) {
        running = false;
        await runPg(
          [pgCtl, "-D", dataDir, "-m", "immediate", "-w", "-t", "30", "stop"],
          workDir,
          asPostgres,
        );
      }
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
