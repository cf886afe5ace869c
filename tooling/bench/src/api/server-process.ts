// The protocol between the orchestrator and a server process it starts (over Node's IPC channel):
// the server says where it listens, answers "stats" with its counters, and stops on "stop".
import { type Server } from "node:http";

export interface ServerStats {
  /** GraphQL requests answered. */
  requests: number;
  /** GraphQL requests received and not answered yet. */
  inFlight: number;
  /** SQL statements sent to the database. */
  statements: number;
  /** The server process's CPU time so far (user + system, every thread), ms. */
  cpuMs: number;
}

/**
 * Counts a node:http server's GraphQL requests, answered and in flight. It listens ahead of the
 * application, which may rewrite req.url while routing (Express does).
 */
export function countRequests(server: Server): { requests: number; inFlight: number } {
  const counts = { requests: 0, inFlight: 0 };
  server.prependListener("request", (req, res) => {
    if (!req.url?.startsWith("/graphql")) return;
    counts.inFlight++;
    res.once("close", () => {
      counts.inFlight--;
      counts.requests++;
    });
  });
  return counts;
}

export type ServerMessage =
  { type: "ready"; url: string } | ({ type: "stats" } & ServerStats) | { type: "stopped" };

export type ControlMessage = { type: "stats" } | { type: "stop" };

/** Serves the orchestrator from inside a server process. */
export function serveControl(
  stats: () => Omit<ServerStats, "cpuMs">,
  stop: () => Promise<void>,
): void {
  const send = (message: ServerMessage): void => {
    process.send?.(message);
  };
  process.on("message", (message: ControlMessage) => {
    if (message.type === "stats") {
      const cpu = process.cpuUsage();
      send({ type: "stats", ...stats(), cpuMs: (cpu.user + cpu.system) / 1000 });
    } else if (message.type === "stop")
      void stop().then(
        () => {
          send({ type: "stopped" });
          process.disconnect?.();
          process.exit(0);
        },
        (error: unknown) => {
          process.stderr.write(`stop failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
  });
  // An orchestrator that dies takes its servers with it.
  process.on("disconnect", () => process.exit(0));
}

export function announce(url: string): void {
  const message: ServerMessage = { type: "ready", url };
  process.send?.(message);
}
