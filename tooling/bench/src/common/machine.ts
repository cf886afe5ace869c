// The machine a benchmark ran on, for the report's "Measured … on …" line.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";

export interface Machine {
  cpus: number;
  cpu: string;
  ramGiB: number;
  node: string;
  os: string;
}

export function machine(): Machine {
  let cpu = "unknown CPU";
  try {
    cpu =
      /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpu;
  } catch {
    // Not Linux: the model stays unknown.
  }
  let os: string = process.platform;
  try {
    os = execFileSync("uname", ["-sr"], { encoding: "utf8" }).trim();
  } catch {
    // uname missing: the platform name will do.
  }
  return {
    cpus: availableParallelism(),
    cpu,
    ramGiB: totalmem() / 2 ** 30,
    node: process.version,
    os,
  };
}

export function machineLine(host: Machine): string {
  return `${host.cpus} CPUs (\`nproc\`), ${host.cpu}, ${host.ramGiB.toFixed(1)} GiB RAM, ${host.os}, Node ${host.node}`;
}
