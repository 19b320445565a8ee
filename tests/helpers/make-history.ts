/**
 * Builds a git repository with a realistic contributor history, and writes
 * beside it the truth an import of that history must find. The contributor
 * import tests and the bench use it (through history-repository.ts); it also
 * runs on its own:
 *
 *   npx tsx tests/helpers/make-history.ts DIR [--commits 100000] [--authors 2000] [--seed 1]
 *                                             [--since 2016-01-01] [--until 2017-12-31]
 *
 * The history, deterministic for a seed:
 *
 * - `commits` commits from `since` to `until` (whole UTC days), in one line of
 *   history, built by one `git fast-import` (100,000 commits take seconds);
 * - by exactly `authors` addresses, as the import counts them, with commit
 *   counts following a Zipf-like law: a few people write most commits;
 * - people whose names carry accents and other letters (é, ü, Ł, Ó, ß), and
 *   names in Chinese, Japanese, Korean, Cyrillic and Greek script;
 * - about 5% of people first committed under an old address, which the
 *   committed `.mailmap` maps back in the three forms git reads
 *   (`<proper> <old>`, `Name <proper> <old>`, `Name <proper> Old Name <old>`);
 *   each line arrives with the person's first commit under the new address;
 * - bots (renovate[bot], dependabot[bot], github-actions[bot]) and a `noreply`
 *   service account, which the import counts like people today;
 * - one person whose address is written with capitals in some commits and not
 *   in others, and one whose name is spelled two ways under one address, both
 *   without a mailmap line;
 * - addresses that name a machine rather than a person (`root@localhost`,
 *   `builder@buildhost.(none)`), counted like people today;
 * - and, before `since`, a few commits with an empty address (`<>`), from the
 *   days before the project's history was kept with addresses. The import
 *   drops such commits; inside the period they would count as skipped lines.
 *
 * DIR.expected.json holds the truth (HistoryTruth): per address, lower-cased
 * and after the mailmap, the commits and the name the import keeps (that of
 * the newest commit), most commits first.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** Changes whenever the same arguments would build another history, so that no cached copy outlives it. */
export const HISTORY_GENERATOR_VERSION = 2;

export interface HistoryOptions {
  /** Commits from `since` to `until`. */
  commits: number;
  /** Addresses that commit in the period, as the import counts them (lower-cased, mailmap applied). */
  authors: number;
  seed?: number;
  /** First and last day of the period, YYYY-MM-DD, UTC. */
  since?: string;
  until?: string;
}

/** What the generator writes beside the repository: the true counts, mailmap applied. */
export interface HistoryTruth {
  /** Commits from `since` to `until`; the import counts them all but the bots' and the machines' (below). */
  commits: number;
  /** Entries in `ranking`. */
  authors: number;
  since: string;
  until: string;
  /**
   * One entry per address, lower-case, after the mailmap and ignoring case: the
   * name on most of its commits (the newest of those on a tie), which the import
   * keeps, and the commits; most commits first, then by address.
   */
  ranking: Array<{ name: string; email: string; commits: number }>;
  seed?: number;
  /** Of `commits`, those by bots and service accounts, which the import skips; they are in `ranking`. */
  botCommits?: number;
  /** The addresses of the bots and service accounts, as in `ranking`. */
  bots?: string[];
  /** Of `commits`, those by addresses that name a machine, such as `root@localhost`: skipped too; in `ranking`. */
  placeholderCommits?: number;
  placeholderAddresses?: string[];
  /** The `.mailmap` lines' old addresses and the addresses they count as, lower-case. */
  aliases?: Array<{ alias: string; canonical: string }>;
  /** Commits in the repository that are not in `commits`, by why. */
  skipped?: {
    /**
     * Commits with an empty address, `<>`, on days from this `since` to this
     * `until`, all before the period. The import drops such commits; a period
     * that held them would report them as skipped lines.
     */
    emptyAddress: { commits: number; since: string; until: string };
  };
}

// ---------------------------------------------------------------------------
// Randomness

/** mulberry32: a small, fast PRNG with 32 bits of state; floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function pickFrom<T>(rand: Random, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error("pickFrom: no items");
  return item;
}

// ---------------------------------------------------------------------------
// Who commits

type MailmapForm = "email" | "name-email" | "old-name";

interface Identity {
  kind: "person" | "bot" | "placeholder";
  /** Name and address as the import shows them, once the mailmap is applied. */
  name: string;
  email: string;
  /** An address used before `email`, mapped back by a `.mailmap` line of this form. */
  old?: { email: string; name: string; form: MailmapForm };
  /** The same address with other capitals, used in some commits, without a mailmap line. */
  otherCase?: string;
  /** Another spelling of the name, under the same address, without a mailmap line. */
  otherSpelling?: string;
  tz: string;
  /** When in the period this identity commits, as fractions of it. */
  window: [number, number];
  commits: number;
  areas: readonly string[];
}

const FIRST_NAMES = [
  "Peter",
  "Paolo",
  "Markus",
  "Daniel",
  "Stefan",
  "Gerd",
  "Alex",
  "Cornelia",
  "Christian",
  "Kevin",
  "Max",
  "Eric",
  "Richard",
  "David",
  "Laurent",
  "Philippe",
  "Hélène",
  "Jürgen",
  "Zoë",
  "Łucja",
  "Bin",
  "Wei",
  "Akihiko",
  "Igor",
  "Juan",
  "Fam",
  "Eduardo",
  "Michael",
  "Siân",
  "Ólafur",
  "Søren",
  "Zoltán",
  "Małgorzata",
  "Ayşe",
  "Björn",
  "José",
  "François",
  "Anaïs",
  "Đorđe",
  "Priya",
  "Kwame",
  "Aoife",
  "Mateus",
  "Ingrid",
  "Tomás",
];

const LAST_NAMES = [
  "Maydell",
  "Bonzini",
  "Armbruster",
  "Hajnoczi",
  "Hoffmann",
  "Graf",
  "Huck",
  "Borntraeger",
  "Wolf",
  "Reitz",
  "Blake",
  "Huth",
  "Henderson",
  "Gibson",
  "Vivier",
  "Mathieu-Daudé",
  "Lureau",
  "Müller",
  "Ó Briain",
  "Kowalski",
  "Meng",
  "Yang",
  "Odaki",
  "Mammedov",
  "Quintela",
  "Zheng",
  "Habkost",
  "Tsirkin",
  "Weiß",
  "Łopuszański",
  "Nováková",
  "Jørgensen",
  "Gößling",
  "Sánchez",
  "Çelik",
  "Dvořák",
  "Ní Bhriain",
  "Ólafsson",
  "Mensah",
  "Iyer",
];

const DOMAINS = [
  "example.org",
  "example.com",
  "example.net",
  "mail.example.org",
  "corp.example.com",
  "lab.example.net",
  "uni.example.edu",
];

const TIME_ZONES = ["+0000", "+0100", "+0200", "+0300", "+0530", "+0800", "+0900", "-0300", "-0500", "-0700", "-0800"];

const AREAS = [
  "block",
  "hw/net",
  "hw/usb",
  "hw/arm",
  "target/arm",
  "target/i386",
  "target/riscv",
  "migration",
  "monitor",
  "qapi",
  "ui",
  "audio",
  "net",
  "linux-user",
  "tests/qtest",
  "docs",
  "scripts",
];
const FILES = ["core.c", "common.c", "trace-events", "meson.build", "utils.c", "internal.h"];
const VERBS = ["fix", "add", "remove", "rework", "simplify", "document", "rename", "clean up", "handle", "avoid"];
const THINGS = [
  "a leak on the error path",
  "the reset handler",
  "support for the new register",
  "an off-by-one in the bounds check",
  "dead code",
  "locking around the queue",
  "a race at shutdown",
  "the migration state",
  "the trace points",
  "a compiler warning",
  "endianness of the header",
  "the unused argument",
];

/** Letters NFKD does not take apart, folded as people do when they type an address. */
const FOLDED: Record<string, string> = { ł: "l", Ł: "L", ß: "ss", ø: "o", Ø: "O", đ: "d", Đ: "D", æ: "ae", ı: "i" };

/** The name in plain ASCII letters, as an old mailmap entry or an address would have it. */
function foldName(name: string): string {
  return name
    .replace(/[łŁßøØđĐæı]/g, (c) => FOLDED[c] ?? c)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "");
}

function localPart(name: string): string {
  return foldName(name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ".")
    .replace(/^\.|\.$/g, "");
}

interface Anchor {
  /** Where in the ranking by expected commits it goes (0 is the most active). */
  rank: number;
  identity: Omit<Identity, "tz" | "window" | "commits" | "areas"> & { window?: [number, number] };
  /** An old address this person always has, whatever the seed: the anchors give one of each form. */
  oldForm?: MailmapForm;
}

/** People and bots every history has, whatever its size, so each kind of identity is present. */
function anchors(): Anchor[] {
  const person = (name: string, email: string, extra: Partial<Identity> = {}) => ({
    kind: "person" as const,
    name,
    email,
    ...extra,
  });
  const bot = (name: string, email: string, window: [number, number]) => ({
    kind: "bot" as const,
    name,
    email,
    window,
  });
  return [
    { rank: 1, identity: person("Jane Doe", "jane.doe@example.org", { otherCase: "Jane.Doe@Example.org" }) },
    { rank: 2, identity: bot("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", [0.35, 1]) },
    { rank: 3, identity: person("Marc-André Lureau", "marcandre.lureau@example.com") },
    {
      rank: 4,
      identity: person("Daniel P. Berrangé", "berrange@example.com", { otherSpelling: "Daniel P. Berrange" }),
    },
    { rank: 6, identity: person("Jörg Weiß", "joerg.weiss@example.org"), oldForm: "name-email" },
    { rank: 8, identity: bot("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", [0.2, 1]) },
    { rank: 10, identity: person("Łukasz Kowalski", "lukasz.kowalski@example.org"), oldForm: "old-name" },
    { rank: 13, identity: person("Zoë Ó Briain", "zoe.obriain@example.net") },
    { rank: 16, identity: person("王伟", "wang.wei@example.com"), oldForm: "old-name" },
    { rank: 20, identity: person("Thomas Müller", "thomas.mueller@example.org"), oldForm: "email" },
    {
      rank: 25,
      identity: bot("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com", [0.5, 1]),
    },
    { rank: 30, identity: person("山田太郎", "taro.yamada@example.net") },
    { rank: 35, identity: bot("Translation Service", "noreply@translate.example.org", [0.1, 1]) },
    { rank: 45, identity: person("김민준", "minjun.kim@example.com") },
    { rank: 60, identity: person("Дмитрий Фомичёв", "dmitry.fomichev@example.org") },
    { rank: 80, identity: person("Γιώργος Παπαδόπουλος", "giorgos.papadopoulos@example.net") },
  ];
}

/** Addresses of machines, not people: the import skips them, as it skips bots. */
const PLACEHOLDERS: ReadonlyArray<{ name: string; email: string }> = [
  { name: "root", email: "root@localhost" },
  { name: "builder", email: "builder@buildhost.(none)" },
  { name: "Thomas Müller", email: "thomas@thinkpad.(none)" },
  { name: "vagrant", email: "vagrant@localhost.localdomain" },
];

/** Old spellings for names that have no plain-ASCII twin. */
const ROMANIZED: Record<string, string> = {
  王伟: "Wang Wei",
  山田太郎: "Taro Yamada",
  김민준: "Minjun Kim",
  "Дмитрий Фомичёв": "Dmitry Fomichev",
  "Γιώργος Παπαδόπουλος": "Giorgos Papadopoulos",
};

/** The commits before the period, with no address. */
const EMPTY_ADDRESS_AUTHORS = ["(no author)", "unknown", "Jörg Weiß"];

const FIXED_IDENTITIES = anchors().length + PLACEHOLDERS.length;
/** The smallest `authors` the generator accepts: the fixed identities and a few generated people. */
export const MIN_AUTHORS = FIXED_IDENTITIES + 5;

function oldSpelling(name: string): string {
  const romanized = ROMANIZED[name];
  if (romanized) return romanized;
  const folded = foldName(name);
  if (folded !== name) return folded;
  // An ASCII name: the old entry had the initial only.
  const parts = name.split(" ");
  return parts.length > 1 ? `${name[0]}. ${parts.slice(1).join(" ")}` : name.toLowerCase();
}

function buildIdentities(options: Required<HistoryOptions>, rand: Random): Identity[] {
  const taken = new Set<string>();
  const fixed = anchors();
  for (const a of fixed) taken.add(a.identity.email.toLowerCase());
  for (const p of PLACEHOLDERS) taken.add(p.email.toLowerCase());

  const complete = (
    base: Omit<Identity, "tz" | "window" | "commits" | "areas"> & { window?: [number, number] },
  ): Identity => ({
    ...base,
    tz: pickFrom(rand, TIME_ZONES),
    window: base.window ?? [0, 1],
    commits: 0,
    areas: [pickFrom(rand, AREAS), pickFrom(rand, AREAS)],
  });

  // Generated people, then the anchors put at their ranks.
  const generated = options.authors - FIXED_IDENTITIES;
  const pool: Identity[] = [];
  for (let i = 0; i < generated; i++) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
    const last = LAST_NAMES[(7 * i + Math.floor(i / FIRST_NAMES.length)) % LAST_NAMES.length]!;
    const name = `${first} ${last}`;
    const style = rand();
    const [f, l] = [localPart(first), localPart(last)];
    const local = style < 0.6 ? `${f}.${l}` : style < 0.8 ? `${f[0]}${l.replace(/\./g, "")}` : `${f}${l[0]}`;
    const domain = pickFrom(rand, DOMAINS);
    let email = `${local}@${domain}`;
    for (let n = 2; taken.has(email); n++) email = `${local}${n}@${domain}`;
    taken.add(email);
    pool.push(complete({ kind: "person", name, email }));
  }
  const forced = new Map<Identity, MailmapForm>();
  for (const a of fixed) {
    const identity = complete(a.identity);
    if (a.oldForm) forced.set(identity, a.oldForm);
    pool.splice(Math.min(a.rank, pool.length), 0, identity);
  }

  // Old addresses: about 5% of people, and one of each mailmap form always.
  const forms: MailmapForm[] = ["email", "name-email", "old-name"];
  pool.forEach((identity, rank) => {
    if (identity.kind !== "person" || identity.otherCase || identity.otherSpelling) return;
    const always = forced.get(identity);
    const chance = rand();
    if (!always && chance >= 0.05) return;
    const form = always ?? pickFrom(rand, forms);
    const email = `${identity.email.split("@")[0]}@old-${rank}.example.net`;
    identity.old = { email, form, name: form === "old-name" ? oldSpelling(identity.name) : identity.name };
  });

  // When each commits: the most active throughout, others for a stretch of the period.
  const steady = Math.max(10, Math.ceil(pool.length * 0.05));
  pool.forEach((identity, rank) => {
    if (identity.kind === "bot" || rank < steady) return;
    const start = rand() * 0.85;
    identity.window = [start, start + (1 - start) * (0.15 + 0.85 * rand())];
  });

  const placeholders = PLACEHOLDERS.map((p) => {
    const start = rand() * 0.9;
    return complete({ kind: "placeholder", ...p, window: [start, start + 0.1] });
  });
  return [...pool, ...placeholders];
}

/** Commit counts: a few each for everyone, the rest drawn with Zipf weights by rank. */
function allotCommits(identities: Identity[], commits: number, rand: Random): void {
  const ranked = identities.filter((i) => i.kind !== "placeholder");
  let left = commits;
  for (const identity of identities) {
    identity.commits = identity.kind === "placeholder" ? 1 + Math.floor(rand() * 3) : 1;
    // Two ways of writing one identity need two commits to show both.
    if (identity.otherCase || identity.otherSpelling) identity.commits = 3;
    left -= identity.commits;
  }
  if (left < 0) {
    const needed = commits - left;
    throw new Error(`${commits} commits are too few for ${identities.length} authors: give at least ${needed}`);
  }
  const cdf: number[] = [];
  let total = 0;
  ranked.forEach((_, rank) => cdf.push((total += 1 / Math.pow(rank + 1, 1.1))));
  for (let c = 0; c < left; c++) {
    const r = rand() * total;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! <= r) lo = mid + 1;
      else hi = mid;
    }
    ranked[lo]!.commits++;
  }
}

// ---------------------------------------------------------------------------
// The commits

interface Commit {
  time: number;
  who: Identity;
  /** Name and address as written in the commit. */
  name: string;
  email: string;
  /** `.mailmap` lines this commit adds. */
  mailmap: string[];
}

function mailmapLine(identity: Identity): string {
  const old = identity.old!;
  switch (old.form) {
    case "email":
      return `<${identity.email}> <${old.email}>`;
    case "name-email":
      return `${identity.name} <${identity.email}> <${old.email}>`;
    case "old-name":
      return `${identity.name} <${identity.email}> ${old.name} <${old.email}>`;
  }
}

function dayStart(day: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw new Error(`'${day}' is not a day as YYYY-MM-DD`);
  }
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

function isoDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function planCommits(identities: Identity[], options: Required<HistoryOptions>, rand: Random): Commit[] {
  const start = dayStart(options.since);
  const end = dayStart(options.until) + 86_399;
  if (end <= start) throw new Error("--until must be after --since");
  const span = end - start;
  const planned: Array<{ time: number; who: Identity; order: number }> = [];
  for (const who of identities) {
    const [from, to] = who.window;
    for (let i = 0; i < who.commits; i++) {
      const time = Math.min(end, start + Math.floor((from + (to - from) * rand()) * span));
      planned.push({ time, who, order: planned.length });
    }
  }
  planned.sort((a, b) => a.time - b.time || a.order - b.order);

  // How each commit writes its author: older habits first.
  const seen = new Map<Identity, number>();
  const commits: Commit[] = planned.map(({ time, who }) => {
    const n = seen.get(who) ?? 0;
    seen.set(who, n + 1);
    const last = n === who.commits - 1;
    let name = who.name;
    let email = who.email;
    const mailmap: string[] = [];
    if (who.old) {
      const oldCommits = Math.max(1, Math.floor(who.commits * 0.3));
      if (n < oldCommits) ({ name, email } = who.old);
      if (n === oldCommits) mailmap.push(mailmapLine(who));
    }
    if (who.otherCase && n === 0) email = who.otherCase;
    else if (who.otherCase && !last && rand() < 0.4) email = who.otherCase;
    if (who.otherSpelling && n === 0) name = who.otherSpelling;
    else if (who.otherSpelling && !last && rand() < 0.3) name = who.otherSpelling;
    return { time, who, name, email, mailmap };
  });
  // Old addresses never followed by a new one are mapped in the last commit.
  const final = commits[commits.length - 1]!;
  for (const who of identities) {
    if (who.old && who.commits <= Math.max(1, Math.floor(who.commits * 0.3))) final.mailmap.push(mailmapLine(who));
  }
  return commits;
}

// ---------------------------------------------------------------------------
// The fast-import stream

const BOT_SUBJECTS: Record<string, (n: number) => string> = {
  "renovate[bot]": (n) => `chore(deps): update dependency meson to v1.${n % 9}.${n % 7}`,
  "dependabot[bot]": (n) => `build(deps): bump actions/checkout from ${2 + (n % 3)} to ${3 + (n % 3)}`,
  "github-actions[bot]": () => "docs: regenerate the QAPI reference",
  "Translation Service": (n) => `po: translations updated (${["German", "French", "Japanese", "Polish"][n % 4]})`,
};

function authorLine(what: "author" | "committer", name: string, email: string, time: number, tz: string): string {
  return `${what} ${name === "" ? "" : `${name} `}<${email}> ${time} ${tz}\n`;
}

function dataBlock(text: string): string {
  return `data ${Buffer.byteLength(text, "utf8")}\n${text}\n`;
}

function fastImportStream(commits: Commit[], emptyAddress: Array<{ name: string; time: number }>, rand: Random) {
  const out: string[] = ["feature done\n"];
  emptyAddress.forEach(({ name, time }, n) => {
    out.push(
      "commit refs/heads/main\n",
      authorLine("author", name, "", time, "+0000"),
      authorLine("committer", name, "", time, "+0000"),
      dataBlock(n === 0 ? "Import the sources as they were released\n" : `Release notes for snapshot ${n}\n`),
      `M 100644 inline ${n === 0 ? "README" : "NEWS"}\n`,
      dataBlock(`Snapshot ${n} of the sources.\n`),
    );
  });
  const mailmap: string[] = [];
  commits.forEach((commit, n) => {
    const { who, name, email, time } = commit;
    let subject: string;
    let path: string;
    if (who.kind === "bot") {
      subject = (BOT_SUBJECTS[who.name] ?? (() => "chore: automated update"))(n);
      path = who.name === "Translation Service" ? `po/${["de", "fr", "ja", "pl"][n % 4]}.po` : "pythondeps.toml";
    } else if (who.kind === "placeholder") {
      subject = pickFrom(rand, ["wip", "fix build", "update", "test commit"]);
      path = "configure";
    } else {
      const area = pickFrom(rand, who.areas);
      subject = `${area}: ${pickFrom(rand, VERBS)} ${pickFrom(rand, THINGS)}`;
      path = `${area}/${pickFrom(rand, FILES)}`;
    }
    if (commit.mailmap.length > 0)
      subject = commit === commits.at(-1) ? "mailmap: map old addresses" : "mailmap: map my old address";
    const trailer = who.kind === "person" ? `\nSigned-off-by: ${name} <${email}>\n` : "";
    const committer = who.kind === "bot" ? { name: "GitHub", email: "noreply@github.com" } : { name, email };
    out.push(
      "commit refs/heads/main\n",
      authorLine("author", name, email, time, who.tz),
      authorLine("committer", committer.name, committer.email, time, who.tz),
      dataBlock(`${subject}\n${trailer}`),
      `M 100644 inline ${path}\n`,
      dataBlock(`/* ${n}: ${subject} */\n`),
    );
    if (commit.mailmap.length > 0) {
      mailmap.push(...commit.mailmap);
      mailmap.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      out.push("M 100644 inline .mailmap\n", dataBlock(`${mailmap.join("\n")}\n`));
    }
  });
  out.push("done\n");
  return { stream: out.join(""), mailmap };
}

// ---------------------------------------------------------------------------
// The truth

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function truthOf(
  commits: Commit[],
  identities: Identity[],
  options: Required<HistoryOptions>,
  emptyAddress: Array<{ time: number }>,
): HistoryTruth {
  // Newest first, as git log lists them. An address is named by the name on most of its commits, the newest of
  // those on a tie.
  const byEmail = new Map<string, { email: string; commits: number; names: Map<string, number> }>();
  for (let i = commits.length - 1; i >= 0; i--) {
    const { who, name, email } = commits[i]!;
    // The mailmap gives old addresses the identity's own name and address.
    const mapped = who.old && email === who.old.email ? { name: who.name, email: who.email } : { name, email };
    const key = mapped.email.toLowerCase();
    const entry = byEmail.get(key) ?? { email: key, commits: 0, names: new Map<string, number>() };
    entry.commits++;
    entry.names.set(mapped.name, (entry.names.get(mapped.name) ?? 0) + 1);
    byEmail.set(key, entry);
  }
  const named = [...byEmail.values()].map(({ email, commits: count, names }) => {
    let best = "";
    let most = 0;
    for (const [candidate, n] of names) if (n > most) [best, most] = [candidate, n];
    return { name: best, email, commits: count };
  });
  const ranking = named.sort((a, b) => b.commits - a.commits || compareCodeUnits(a.email, b.email));
  const of = (kind: Identity["kind"]) => identities.filter((i) => i.kind === kind);
  const sum = (list: Identity[]) => list.reduce((total, i) => total + i.commits, 0);
  return {
    commits: commits.length,
    authors: ranking.length,
    since: options.since,
    until: options.until,
    ranking,
    seed: options.seed,
    botCommits: sum(of("bot")),
    bots: of("bot").map((i) => i.email.toLowerCase()),
    placeholderCommits: sum(of("placeholder")),
    placeholderAddresses: of("placeholder").map((i) => i.email.toLowerCase()),
    aliases: identities
      .filter((i) => i.old)
      .map((i) => ({ alias: i.old!.email.toLowerCase(), canonical: i.email.toLowerCase() })),
    skipped: {
      emptyAddress: {
        commits: emptyAddress.length,
        since: isoDay(emptyAddress[0]!.time),
        until: isoDay(emptyAddress.at(-1)!.time),
      },
    },
  };
}

// ---------------------------------------------------------------------------
// Building it

function git(dir: string, args: string[], input?: string): void {
  const run = spawnSync("git", args, {
    cwd: dir,
    input,
    stdio: [input === undefined ? "ignore" : "pipe", "ignore", "pipe"],
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
    // The user's own git settings play no part in what is built.
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", LC_ALL: "C" },
  });
  if (run.error) throw run.error;
  if (run.status !== 0) {
    throw new Error(`git ${args.join(" ")} failed (exit ${run.status ?? run.signal}): ${run.stderr.trim()}`);
  }
}

function withDefaults(options: HistoryOptions): Required<HistoryOptions> {
  const full = { seed: 1, since: "2016-01-01", until: "2017-12-31", ...options };
  for (const key of ["commits", "authors", "seed"] as const) {
    if (!Number.isSafeInteger(full[key]) || full[key] < 0) throw new Error(`${key} must be a whole number`);
  }
  if (full.authors < MIN_AUTHORS) throw new Error(`authors must be at least ${MIN_AUTHORS}`);
  return full;
}

/**
 * Builds the history in `dir`, which must not exist yet, and writes the truth
 * to `${dir}.expected.json`; returns the truth.
 */
export function makeHistory(dir: string, options: HistoryOptions): HistoryTruth {
  const full = withDefaults(options);
  const out = resolve(dir);
  if (existsSync(out)) throw new Error(`${out} exists; remove it first`);
  const rand = mulberry32(full.seed || 1);
  const identities = buildIdentities(full, rand);
  allotCommits(identities, full.commits, rand);
  const commits = planCommits(identities, full, rand);
  const periodStart = dayStart(full.since);
  const emptyAddress = EMPTY_ADDRESS_AUTHORS.map((name, n) => ({
    name,
    time: periodStart - (EMPTY_ADDRESS_AUTHORS.length - n) * 9 * 86_400 - Math.floor(rand() * 40_000),
  }));
  const { stream } = fastImportStream(commits, emptyAddress, rand);
  const truth = truthOf(commits, identities, full, emptyAddress);

  mkdirSync(out, { recursive: true });
  git(out, ["init", "-q", "-b", "main"]);
  git(out, ["fast-import", "--quiet"], stream);
  git(out, ["checkout", "-q", "-f", "main"]);
  writeFileSync(`${out}.expected.json`, `${JSON.stringify(truth, null, 1)}\n`);
  return truth;
}

// ---------------------------------------------------------------------------
// The command line

const USAGE =
  "usage: npx tsx tests/helpers/make-history.ts DIR [--commits N] [--authors N] [--seed N] [--since YYYY-MM-DD] [--until YYYY-MM-DD]";

export function parseHistoryArgs(argv: readonly string[]): { dir: string; options: HistoryOptions } | string {
  const [dir, ...rest] = argv;
  if (!dir || dir.startsWith("--")) return USAGE;
  const options: HistoryOptions = { commits: 100_000, authors: 2_000 };
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i]!;
    const value = rest[i + 1];
    if (value === undefined) return `${flag} needs a value\n${USAGE}`;
    switch (flag) {
      case "--commits":
      case "--authors":
      case "--seed": {
        if (!/^\d+$/.test(value)) return `${flag}: '${value}' is not a whole number`;
        options[flag.slice(2) as "commits" | "authors" | "seed"] = Number(value);
        break;
      }
      case "--since":
      case "--until":
        options[flag.slice(2) as "since" | "until"] = value;
        break;
      default:
        return `unknown argument '${flag}'\n${USAGE}`;
    }
  }
  return { dir, options };
}

function main(argv: readonly string[]): number {
  const parsed = parseHistoryArgs(argv);
  if (typeof parsed === "string") {
    process.stderr.write(`${parsed}\n`);
    return 2;
  }
  const started = performance.now();
  try {
    const truth = makeHistory(parsed.dir, parsed.options);
    const out = resolve(parsed.dir);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `${out}: ${truth.commits} commits by ${truth.authors} authors from ${truth.since} to ${truth.until}, ` +
        `${truth.aliases?.length ?? 0} mailmap aliases, in ${seconds} s; truth in ${out}.expected.json\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`make-history: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
