// Where the server's CPU time went: a V8 .cpuprofile (node --cpu-prof) summed
// by self time per part of the stack, so "45% inside PGlite" is a reading, not a guess.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The part of the stack a frame belongs to, by the file it runs in. */
export function partOf(url: string, functionName: string): string {
  if (url === "") {
    if (functionName === "(garbage collector)") return "garbage collection";
    if (functionName === "(idle)" || functionName === "(program)") return functionName.slice(1, -1);
    // fstat, stat, writev...: the embedded database's file system calls and the sockets'.
    return `native ${functionName || "code"}`;
  }
  // PGlite is PostgreSQL compiled to WebAssembly: its wasm is the database itself.
  if (url.startsWith("wasm://")) return "PGlite";
  if (url.startsWith("node:")) return "Node built-ins";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) {
    if (pkg.startsWith("@electric-sql/")) return "PGlite";
    if (pkg === "react-dom" || pkg === "react") return "React rendering";
    if (pkg.startsWith("@remix-run/") || pkg === "react-router" || pkg === "@remix-run/router") return "Remix";
    if (pkg === "kysely") return "Kysely";
    if (pkg === "pg" || pkg.startsWith("pg-")) return "pg driver";
    if (pkg === "express" || pkg === "compression" || pkg === "body-parser" || pkg === "router") return "Express";
    if (pkg === "pino" || pkg.startsWith("pino-") || pkg === "sonic-boom" || pkg === "thread-stream") return "logging";
    return `package ${pkg}`;
  }
  if (/\/build\/index\.js/.test(url)) return "app (Remix build)";
  if (/\/build\/server\.js/.test(url)) return "app (server)";
  return "other";
}

/** Self time (ms) per part, largest first, from every .cpuprofile in `dir`. */
export function summarizeCpuProfiles(dir: string): Array<{ part: string; ms: number; share: number }> {
  const totals = new Map<string, number>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(join(dir, name), "utf8")) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const node = byId.get(id);
      if (!node) return;
      const part = partOf(node.callFrame.url, node.callFrame.functionName);
      totals.set(part, (totals.get(part) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
  }
  totals.delete("idle");
  const busy = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals.entries()]
    .map(([part, ms]) => ({ part, ms, share: busy > 0 ? ms / busy : 0 }))
    .sort((a, b) => b.ms - a.ms);
}
