// Compiles the server and the command line to JavaScript, beside the Remix
// server build (`remix build` writes build/index.js; this writes build/server.js,
// build/cli.js and the chunks they share, in build/chunks/).
//
//   node build.config.mjs              compile, and remove chunks no longer used
//   node build.config.mjs --if-stale   compile only when build/server.js or
//                                      build/cli.js is missing or older than a
//                                      file under app/ or db/, tsconfig.json or
//                                      this file (`npm run summit` runs this first)
//
// The server's npm packages are not bundled: they load from node_modules at
// run time, as under tsx. PGlite finds its wasm beside its own module, Lucia is
// ESM-only, and the server and the Remix build must share one copy of Kysely
// and React. The command line is a build of its own that bundles Kysely and
// Zod: loading their ~400 small module files took half a second of every
// command. Code splitting makes each command of the command line a chunk of
// its own, so a command loads only the packages it uses.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL(".", import.meta.url));
const OUT_DIR = join(ROOT, "build");
const CHUNKS_DIR = join(OUT_DIR, "chunks");
const SERVER_ENTRY_POINTS = { server: "app/server.ts", "pglite-thread": "db/pglite-thread.ts" };
const CLI_ENTRY_POINTS = { cli: "app/cli/summit.ts" };
/** Packages the command line bundles; every other package stays external. */
export const CLI_BUNDLED_PACKAGES = ["kysely", "zod"];
const OUTPUTS = Object.keys({ ...SERVER_ENTRY_POINTS, ...CLI_ENTRY_POINTS }).map((name) => join(OUT_DIR, `${name}.js`));
const SOURCES = ["app", "db", "tsconfig.json", "build.config.mjs"].map((path) => join(ROOT, path));
/** What was bundled, for the test that checks which packages were. */
const METAFILE = join(OUT_DIR, "metafile.compiled.json");

/** The package a bare import names: `zod/mini` is zod, `@scope/name/x` is @scope/name. */
function packageOf(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Leaves every package external except those listed, which are bundled. */
function externalPackagesExcept(bundled) {
  return {
    name: "external-packages-except",
    setup(build) {
      // `~/…` and `~db/…` are the app's own aliases; `node:…` are built in.
      build.onResolve({ filter: /^[^./~]/ }, (args) => {
        if (args.path.startsWith("node:") || bundled.includes(packageOf(args.path))) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
}

/** The newest modification time of a file, or of a folder and everything below it. */
function newestMtime(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a file removed or renamed changes its folder's time
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** Whether build/server.js or build/cli.js is missing or older than the newest source. */
export function isStale() {
  const sources = Math.max(...SOURCES.map(newestMtime));
  return OUTPUTS.some((output) => (statSync(output, { throwIfNoEntry: false })?.mtimeMs ?? -1) < sources);
}

/** Writes through a temporary file and a rename, so a process starting meanwhile reads the old file or the new one. */
function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/**
 * Compiles app/server.ts and app/cli/summit.ts. Chunks are written before the
 * entry points that import them; with `clean`, chunks an earlier build left
 * are removed (a process still running from them has loaded them already).
 */
export async function compile({ clean = false } = {}) {
  // Loaded only to compile: the staleness check before every command stays fast.
  const esbuild = await import("esbuild");
  const common = {
    absWorkingDir: ROOT,
    outdir: OUT_DIR,
    entryNames: "[name]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // tsconfig.json's paths give the `~/*` (app/*) and `~db/*` (db/*) aliases; any other bare import is a package.
    tsconfig: "tsconfig.json",
    sourcemap: true,
    metafile: true,
    write: false,
    logLevel: "warning",
  };
  const [server, cli] = await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: SERVER_ENTRY_POINTS,
      chunkNames: "chunks/[name]-[hash]",
      packages: "external",
    }),
    esbuild.build({
      ...common,
      entryPoints: CLI_ENTRY_POINTS,
      chunkNames: "chunks/cli-[name]-[hash]",
      plugins: [externalPackagesExcept(CLI_BUNDLED_PACKAGES)],
    }),
  ]);
  const result = {
    outputFiles: [...server.outputFiles, ...cli.outputFiles],
    metafile: { server: server.metafile, cli: cli.metafile },
  };
  const entries = new Set(OUTPUTS.flatMap((output) => [output, `${output}.map`]));
  const files = [...result.outputFiles].sort((a, b) => Number(entries.has(a.path)) - Number(entries.has(b.path)));
  for (const file of files) writeAtomically(file.path, file.contents);
  writeAtomically(METAFILE, JSON.stringify(result.metafile));
  if (clean) {
    const written = new Set(files.map((file) => file.path));
    for (const name of existsSync(CHUNKS_DIR) ? readdirSync(CHUNKS_DIR) : []) {
      const path = join(CHUNKS_DIR, name);
      if (!written.has(path)) rmSync(path, { force: true });
    }
  }
  return files.map((file) => relative(ROOT, file.path));
}

async function main(args) {
  if (args.length > 1 || (args.length === 1 && args[0] !== "--if-stale")) {
    process.stderr.write("Usage: node build.config.mjs [--if-stale]\n");
    return 2;
  }
  const ifStale = args[0] === "--if-stale";
  if (ifStale && !isStale()) return 0;
  try {
    await compile({ clean: !ifStale });
    return 0;
  } catch (error) {
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("esbuild")) {
      // esbuild has printed what failed to compile.
      if (!error?.errors) process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    // An install without dev dependencies can run a build, not make one.
    const missing = OUTPUTS.filter((output) => !statSync(output, { throwIfNoEntry: false }));
    if (!ifStale || missing.length > 0) {
      process.stderr.write(`esbuild is not installed (a dev dependency): run npm ci, then npm run build\n`);
      return 1;
    }
    process.stderr.write("Warning: build/ is older than the sources, and esbuild is not installed to rebuild it\n");
    return 0;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
