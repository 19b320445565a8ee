// The JavaScript a first load of a page fetches, gzipped: what a visitor on a
// slow line downloads before the page's scripts run.
import { constants, gzipSync } from "node:zlib";

/**
 * The compression middleware's default (`compression()` without options):
 * zlib's Z_DEFAULT_COMPRESSION, which is level 6.
 */
export const GZIP_LEVEL = constants.Z_DEFAULT_COMPRESSION;

export interface FirstLoad {
  /** Every module fetched, by path. */
  modules: Array<{ path: string; bytes: number; gzipBytes: number }>;
  bytes: number;
  gzipBytes: number;
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3] ?? "") : null;
}

/** The static `import … from "x"`, `import "x"` and `export … from "x"` at the head of an ES module. */
export function leadingImports(source: string): string[] {
  const found: string[] = [];
  const statement =
    /^\s*(?:(?:\/\*[\s\S]*?\*\/|\/\/[^\n]*\n)\s*)*(?:import\s*(?:[\w$*{}\s,]+?\s*from\s*)?|export\s*[\w$*{}\s,]+?\s*from\s*)["']([^"']+)["']\s*;?/;
  let rest = source;
  for (;;) {
    const match = statement.exec(rest);
    if (!match) return found;
    found.push(match[1]!);
    rest = rest.slice(match[0].length);
  }
}

interface RemixManifest {
  entry: { module: string; imports?: string[] };
  routes: Record<string, { module: string; imports?: string[] }>;
}

/**
 * What the HTML of a page makes a browser fetch as JavaScript on a first load:
 * `<script src>`, `<link rel="modulepreload">`, the imports of its inline module
 * scripts (Remix's: the manifest, the route modules, and entry.client by a
 * dynamic import), the Remix manifest's entry module and the modules of the
 * routes the page lists in `window.__remixRouteModules`, with their imports,
 * and then the static imports of every module fetched, until none is new.
 * Each is fetched once and gzipped at the compression middleware's level.
 */
export async function measureJsFirstLoad(
  origin: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<FirstLoad> {
  const pageUrl = new URL(path, origin);
  const page = await fetch(pageUrl, { headers, redirect: "manual" });
  if (page.status !== 200) throw new Error(`js first load: ${path} answered ${page.status}`);
  const html = await page.text();

  const wanted: URL[] = [];
  const want = (spec: string, base: URL) => {
    const url = new URL(spec, base);
    if (url.origin === origin && !wanted.some((w) => w.href === url.href)) wanted.push(url);
  };
  const routeIds: string[] = [];
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = attribute(match[0], "rel")?.toLowerCase().split(/\s+/) ?? [];
    const href = attribute(match[0], "href");
    if (rel.includes("modulepreload") && href) want(href, pageUrl);
  }
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const src = attribute(match[0].slice(0, match[0].indexOf(">") + 1), "src");
    if (src) {
      want(src, pageUrl);
      continue;
    }
    if (attribute(`<script${match[1]!}>`, "type") !== "module") continue;
    const code = match[2]!;
    for (const m of code.matchAll(/\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g)) want(m[1]!, pageUrl);
    for (const m of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) want(m[1]!, pageUrl);
    const routeModules = /window\.__remixRouteModules\s*=\s*\{([^}]*)\}/.exec(code);
    if (routeModules) for (const m of routeModules[1]!.matchAll(/"([^"]+)"\s*:/g)) routeIds.push(m[1]!);
  }

  const modules: FirstLoad["modules"] = [];
  const fetched = new Set<string>();
  let manifestRead = false;
  while (wanted.length > fetched.size) {
    const url = wanted.find((w) => !fetched.has(w.href))!;
    fetched.add(url.href);
    const response = await fetch(url);
    if (response.status !== 200) throw new Error(`js first load: ${url.pathname} answered ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    modules.push({ path: url.pathname, bytes: body.length, gzipBytes: gzipSync(body, { level: GZIP_LEVEL }).length });
    const source = body.toString("utf8");
    for (const spec of leadingImports(source)) want(spec, url);
    const manifest = /^\s*window\.__remixManifest\s*=\s*/.exec(source);
    if (manifest && !manifestRead) {
      manifestRead = true;
      const parsed = JSON.parse(source.slice(manifest[0].length).replace(/;\s*$/, "")) as RemixManifest;
      for (const spec of [parsed.entry.module, ...(parsed.entry.imports ?? [])]) want(spec, url);
      for (const id of routeIds) {
        const route = parsed.routes[id];
        if (!route) throw new Error(`js first load: the page lists route ${id}, which the manifest lacks`);
        for (const spec of [route.module, ...(route.imports ?? [])]) want(spec, url);
      }
    }
  }
  return {
    modules,
    bytes: modules.reduce((sum, m) => sum + m.bytes, 0),
    gzipBytes: modules.reduce((sum, m) => sum + m.gzipBytes, 0),
  };
}
