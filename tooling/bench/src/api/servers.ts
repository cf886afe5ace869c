// Starting and stopping the measured servers: each in its own process, pinned to the server CPU
// where taskset exists, talking to the orchestrator over Node's IPC channel (server-process.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { nodeCommand, runnerPath } from "../common/spawn.js";
import { type ControlMessage, type ServerMessage, type ServerStats } from "./server-process.js";

export type ServerKind = "ours" | "ours-unsafe" | "ours-metrics" | "bare" | "mercurius";

export const SERVER_LABEL: Record<ServerKind, string> = {
  ours: "ours: Apollo + type-graphql + TypeORM, limits and auth on",
  "ours-unsafe": "ours, limits and auth off",
  "ours-metrics": "ours with Prometheus metrics on (METRICS_TOKEN set)",
  bare: "bare node:http",
  mercurius: "mercurius + graphql-jit + hand SQL",
};

export interface RunningServer {
  readonly kind: ServerKind;
  readonly url: string;
  readonly process: ChildProcess;
  stats(): Promise<ServerStats>;
  /** Waits until no request is in flight, then reads the counters. */
  settledStats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

function scriptFor(kind: ServerKind): [string, string[]] {
  switch (kind) {
    case "ours":
      return [runnerPath("api", "ours-server"), ["--safety", "on"]];
    case "ours-unsafe":
      return [runnerPath("api", "ours-server"), ["--safety", "off"]];
    case "ours-metrics":
      return [runnerPath("api", "ours-server"), ["--safety", "on", "--metrics", "on"]];
    case "bare":
      return [runnerPath("api", "peer-server"), ["--kind", "bare"]];
    case "mercurius":
      return [runnerPath("api", "peer-server"), ["--kind", "mercurius"]];
  }
}

export async function startServer(
  kind: ServerKind,
  env: NodeJS.ProcessEnv,
  cpus: string | null,
  nodeOptions: readonly string[] = [],
): Promise<RunningServer> {
  const [script, args] = scriptFor(kind);
  const [command, commandArgs] = nodeCommand([...nodeOptions, script, ...args], cpus);
  const child = spawn(command, commandArgs, { env, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-8000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const next = <T extends ServerMessage["type"]>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<ServerMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: ServerMessage) => {
        if (message.type !== type) return;
        cleanup();
        resolve(message as Extract<ServerMessage, { type: T }>);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`${kind} server exited with ${code}:\n${output}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${kind} server: no "${type}" in ${timeoutMs / 1000} s:\n${output}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
      };
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  const send = (message: ControlMessage) => child.send(message);

  const { url } = await next("ready", 120_000);
  const stats = async (): Promise<ServerStats> => {
    const answer = next("stats", 30_000);
    send({ type: "stats" });
    const { requests, inFlight, statements, cpuMs } = await answer;
    return { requests, inFlight, statements, cpuMs };
  };
  return {
    kind,
    url,
    process: child,
    stats,
    async settledStats() {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const now = await stats();
        if (now.inFlight === 0) return now;
        if (Date.now() > deadline) throw new Error(`${kind} server: requests still in flight`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      send({ type: "stop" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
