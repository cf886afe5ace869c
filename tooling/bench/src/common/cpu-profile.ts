// The top self-time functions of a V8 CPU profile (`node --cpu-prof`), for a quick look without
// DevTools.
import { readFile } from "node:fs/promises";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** Where the frame's code lives: a package (name@version/file), or a path under the repository. */
function location(url: string): string {
  const pkg = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (pkg) return `${pkg[1]}/${pkg[2]}`;
  return url.replace(/^file:\/\//, "").replace(/^.*\/(apps|packages|tooling)\//, "$1/");
}

export async function topSelfTime(path: string, count: number, idle = false): Promise<SelfTime[]> {
  const profile = JSON.parse(await readFile(path, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byName = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame;
    const delta = profile.timeDeltas[i] ?? 0;
    if (!frame || (!idle && frame.functionName === "(idle)")) return;
    const name = frame.url
      ? `${frame.functionName || "(anonymous)"} ${location(frame.url)}:${frame.lineNumber + 1}`
      : frame.functionName;
    byName.set(name, (byName.get(name) ?? 0) + delta);
    total += delta;
  });
  return [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
}
