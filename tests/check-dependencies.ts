// R7: dependency floors from known advisories, PGlite pinned exactly, and
// `npm audit` for high or critical advisories in production dependencies.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const FLOORS: Array<[pattern: RegExp, floor: string, why: string]> = [
  [
    /^@remix-run\/(node|react|dev|express|server-runtime|serve|css-bundle|testing)$/,
    "2.17.5",
    "Remix Host/X-Forwarded-Host and single-fetch advisories",
  ],
  [/^nodemailer$/, "8.0.9", "nodemailer header-injection advisories (GHSA-mm7p-fcc7-pg87)"],
];

function compare(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
  packages: Record<string, { version?: string }>;
};
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { dependencies: Record<string, string> };
const problems: string[] = [];

for (const [path, entry] of Object.entries(lock.packages)) {
  const name = path.replace(/^.*node_modules\//, "");
  for (const [pattern, floor, why] of FLOORS) {
    if (pattern.test(name) && entry.version && compare(entry.version, floor) < 0) {
      problems.push(`${name}@${entry.version} is below ${floor} (${why})`);
    }
  }
}
const pglite = pkg.dependencies["@electric-sql/pglite"];
if (!pglite || !/^\d+\.\d+\.\d+$/.test(pglite)) {
  problems.push(`@electric-sql/pglite must be pinned to an exact version in package.json (is ${pglite ?? "missing"})`);
}

const audit = spawnSync("npm", ["audit", "--omit=dev", "--audit-level=high", "--json"], {
  encoding: "utf8",
  timeout: 60_000,
});
let auditNote: string;
try {
  const report = JSON.parse(audit.stdout) as {
    metadata?: { vulnerabilities: { high: number; critical: number } };
    statusCode?: number;
  };
  if (report.metadata) {
    const { high, critical } = report.metadata.vulnerabilities;
    if (high + critical > 0) problems.push(`npm audit: ${high} high and ${critical} critical advisories`);
    auditNote = `npm audit: ${high} high, ${critical} critical`;
  } else {
    auditNote = `npm audit could not be run here (registry answered ${report.statusCode ?? "unexpectedly"}); floors checked from the lock file`;
  }
} catch {
  auditNote = "npm audit could not be run here (no answer); floors checked from the lock file";
}

console.log(auditNote);
if (problems.length) {
  for (const p of problems) console.error(`Dependency problem: ${p}`);
  process.exit(1);
}
console.log("Dependency floors hold: @remix-run/* >= 2.17.5, nodemailer >= 8.0.9, PGlite pinned.");
