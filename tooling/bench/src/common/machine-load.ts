// How much of the machine other processes used while the benchmark measured: the machine's busy
// CPU time (/proc/stat) less this process's and its finished children's (/proc/self/stat). On a
// shared machine that number says how far the wall times can be trusted. Linux only (null
// elsewhere).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface CpuSnapshot {
  /** Busy ticks of the whole machine. */
  machine: number;
  /** Ticks of this process and of its children that have exited. */
  own: number;
  at: number;
}

export function cpuSnapshot(): CpuSnapshot | null {
  try {
    const cpu =
      readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ??
      [];
    // user nice system idle iowait irq softirq steal: all but idle and iowait are busy.
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
    const self = readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name (which may hold spaces): state is field 3; utime, stime,
    // cutime and cstime are fields 14 to 17.
    const fields = self
      .slice(self.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
    const own = (fields[11] ?? 0) + (fields[12] ?? 0) + (fields[13] ?? 0) + (fields[14] ?? 0);
    return { machine: user + nice + system + irq + softirq + steal, own, at: performance.now() };
  } catch {
    return null;
  }
}

let ticksPerSecond: number | null = null;

function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond =
        Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPUs' worth of work other processes did between the two snapshots (0 = the machine was ours). */
export function othersCpus(start: CpuSnapshot | null, end: CpuSnapshot | null): number | null {
  if (!start || !end || end.at <= start.at) return null;
  const seconds = (end.at - start.at) / 1000;
  const others = end.machine - start.machine - (end.own - start.own);
  return Math.max(0, others / clockTicks() / seconds);
}
