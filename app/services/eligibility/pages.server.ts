import type { Kysely } from "kysely";
import { listContributorSources } from "~db/queries/contributor-source";
import {
  getEligibilitySnapshot,
  getLastEligibilityChange,
  listResponsibilityRoles,
  listSourceSummaries,
  loadEligibilityData,
} from "~db/queries/eligibility";
import { listEmailAliases } from "~db/queries/email-alias";
import { listResponsibilities } from "~db/queries/responsibility";
import type { Database, EligibilityRuleKind, Summit } from "~db/schema";
import type { ContributorCount } from "~/domain/eligibility/contributors";
import {
  isEmptyDiff,
  summariseDiff,
  type EligibilityDiffSummary,
  type PersonRef,
} from "~/domain/eligibility/diff-summary";
import { TOP_N_TIE_RULE, type EligiblePerson, type ExcludedPerson } from "~/domain/eligibility/eligibility";
import { unfinishedLastLine, type LineIssue } from "~/domain/eligibility/import-report";
import type { MaintainerEntry } from "~/domain/eligibility/maintainers-file";
import { droppedEntries, dropNeedsConfirmation, type RoleEntry } from "~/domain/eligibility/replacement";
import {
  describeImportPeriod,
  describePeriod,
  describeRule,
  paramText,
  type SourcePeriod,
} from "~/domain/eligibility/rule-text";
import { phaseAllows, phaseRefusal } from "~/domain/summit/phase-policy";
import type { Standing } from "~/domain/summit/standing";
import {
  TEXT_IMPORT_KIND_LABELS,
  TextImportFormSchema,
  type TextImportKind,
  type TextImportValues,
} from "~/forms/contributor-import";
import { parseOrRefuse, refuse, refuseWith, resultOf, resultOfSync, type Result } from "../kernel/result.server";
import { ONLY_ORGANIZERS } from "./commands/changeable.server";
import { eligibilityOf } from "./eligibility.server";
import {
  maintainerResponsibilities,
  readImportText,
  textOfImportFile,
  type TextImportReport,
} from "./import-text.server";

/**
 * The reads of the eligibility and sources pages, each building one page's
 * view from the summit and standing the request's guard already read.
 */

/** What a page is given by its guard: the summit and how the viewer stands to it. */
export interface PageAccess {
  summit: Summit;
  standing: Standing;
}

/** Whether the viewer may change who may attend now, and if the phase says no, the sentence that says why. */
function changeability({ summit, standing }: PageAccess): { editable: boolean; closed: string | null } {
  if (!phaseAllows(summit.phase, "changeEligibility")) {
    return { editable: false, closed: phaseRefusal("changeEligibility", summit.phase, summit.title) };
  }
  return { editable: standing.isOrganizer, closed: null };
}

function isoTime(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

// ---------------------------------------------------------------------------
// The eligibility page

export interface RuleView {
  id: string;
  kind: EligibilityRuleKind;
  /** The rule in words, as the page lists it. */
  text: string;
  addedAt: string;
}

export interface LastRuleChange extends EligibilityDiffSummary {
  at: string;
  actor: string;
  change: "added" | "removed";
  rule: string;
  eligibleBefore: number;
  eligibleAfter: number;
}

function readPeople(value: unknown): PersonRef[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((p): p is Record<string, unknown> => typeof p === "object" && p !== null)
    .map((p) => ({ email: paramText(p.email), name: paramText(p.name) }));
}

function readLastChange(row: Awaited<ReturnType<typeof getLastEligibilityChange>>): LastRuleChange | null {
  if (!row) return null;
  const d = row.detail ?? {};
  const added = readPeople(d.added);
  const removed = readPeople(d.removed);
  return {
    at: isoTime(row.at),
    actor: row.actorName ?? "Summit",
    change: row.action === "eligibility.rule_removed" ? "removed" : "added",
    rule: paramText(d.rule),
    added,
    removed,
    addedCount: typeof d.addedCount === "number" ? d.addedCount : added.length,
    removedCount: typeof d.removedCount === "number" ? d.removedCount : removed.length,
    eligibleBefore: Number(d.eligibleBefore ?? 0),
    eligibleAfter: Number(d.eligibleAfter ?? 0),
  };
}

function snapshotPeople(value: unknown): EligiblePerson[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((p): p is Record<string, unknown> => typeof p === "object" && p !== null)
    .map((p) => ({
      email: paramText(p.email),
      name: paramText(p.name),
      reasons: Array.isArray(p.reasons) ? p.reasons.map(String) : [],
    }));
}

export interface EligibilityPage {
  summit: {
    id: string;
    slug: string;
    /** Who may attend is final: the minutes are published, and the phase allows no change. */
    published: boolean;
    isOpen: boolean;
    capacity: number | null;
    seatRequestNeedsItem: boolean;
  };
  /** Whether the viewer may change the rules and settings now. */
  editable: boolean;
  /** Why nothing changes any more, when the phase says so. */
  closed: string | null;
  rules: RuleView[];
  sources: Array<{ id: string; label: string; kind: string; period: string; contributors: number }>;
  roles: Array<{ role: string; holders: number }>;
  /** One page of the eligible list, in name order; `preview` says which. */
  eligible: EligiblePerson[];
  preview: { page: number; pages: number; first: number; last: number };
  excluded: ExcludedPerson[];
  counts: { eligible: number; excluded: number; rules: number };
  lastChange: LastRuleChange | null;
  /** Changes since the last rule change that came from imports (new counts, new maintainers, aliases). */
  changedSinceSnapshot: EligibilityDiffSummary | null;
  tieRule: string;
  /** Changes with every successful change: the forms are keyed by it, so what was typed clears. */
  revision: string;
}

/** The preview lists this many people per page; the counts always cover everyone. */
export const PREVIEW_PAGE_SIZE = 200;

/**
 * What the eligibility page shows: the rules in words, what they can use, and
 * whom they admit and why. `page` picks the page of the eligible list
 * (clamped to the pages there are).
 */
export async function getEligibilityPage(
  db: Kysely<Database>,
  access: PageAccess,
  options: { page?: number } = {},
): Promise<EligibilityPage> {
  const { summit } = access;
  const data = await loadEligibilityData(db, summit.id);
  const result = eligibilityOf(data);
  const sources = await listSourceSummaries(db, summit.id);
  const roles = await listResponsibilityRoles(db, summit.id);
  const lastChange = readLastChange(await getLastEligibilityChange(db, summit.id));
  const snapshot = await getEligibilitySnapshot(db, summit.id);

  let changedSinceSnapshot: EligibilityDiffSummary | null = null;
  if (snapshot) {
    const diff = summariseDiff(snapshotPeople(snapshot.people), result.eligible);
    if (!isEmptyDiff(diff)) changedSinceSnapshot = diff;
  }

  const sourceInfo = new Map<string, SourcePeriod>(data.sources.map((s) => [s.id, s]));
  const pages = Math.max(1, Math.ceil(result.eligible.length / PREVIEW_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pages);
  const start = (page - 1) * PREVIEW_PAGE_SIZE;
  const shown = result.eligible.slice(start, start + PREVIEW_PAGE_SIZE);
  const { editable, closed } = changeability(access);
  return {
    summit: {
      id: summit.id,
      slug: summit.slug,
      published: closed !== null,
      isOpen: summit.is_open,
      capacity: summit.capacity,
      seatRequestNeedsItem: summit.seat_request_needs_item,
    },
    editable,
    closed,
    rules: data.rules.map((rule) => ({
      id: rule.id,
      kind: rule.kind,
      text: describeRule(rule, sourceInfo),
      addedAt: isoTime(rule.created_at),
    })),
    sources: sources.map((s) => ({
      id: s.id,
      label: s.label,
      kind: s.kind,
      period: describePeriod(s),
      contributors: s.contributors,
    })),
    roles,
    eligible: shown,
    preview: { page, pages, first: shown.length > 0 ? start + 1 : 0, last: start + shown.length },
    excluded: result.excluded,
    counts: { eligible: result.eligible.length, excluded: result.excluded.length, rules: data.rules.length },
    lastChange,
    changedSinceSnapshot,
    tieRule: TOP_N_TIE_RULE,
    revision: `${data.rules.length}-${lastChange?.at ?? ""}-${summit.is_open}-${summit.capacity}`,
  };
}

// ---------------------------------------------------------------------------
// The sources page

/** What a source left out, said as the page shows it: "43 commits: 40 from bots, 3 from no-reply services". */
function skippedText(kind: string, count: number, reasons: ReadonlyArray<{ why: string; count: number }>): string {
  if (count === 0) return "none";
  const unit = kind === "git" ? (count === 1 ? "commit" : "commits") : count === 1 ? "line" : "lines";
  const why = reasons.map((r) => `${r.count} ${r.why}`).join(", ");
  return why ? `${count} ${unit}: ${why}` : `${count} ${unit}`;
}

/** Maintainers imported from a MAINTAINERS file are many; the page lists the first ones only. */
export const MAINTAINERS_SHOWN = 200;

export async function getSourcesPage(db: Kysely<Database>, access: PageAccess) {
  const { summit } = access;
  const [sources, manual, maintainers, aliases] = await Promise.all([
    listContributorSources(db, summit.id),
    listResponsibilities(db, { summitId: summit.id, origin: "manual" }),
    listResponsibilities(db, { summitId: summit.id, origin: "maintainers" }),
    listEmailAliases(db, summit.id),
  ]);
  const view = (r: (typeof manual)[number]) => ({ id: r.id, role: r.role, email: r.email, name: r.name });
  const { editable, closed } = changeability(access);
  return {
    summit: { slug: summit.slug, title: summit.title },
    editable,
    closed,
    gitCommand: `npm run summit -- sources import --summit ${summit.slug} --kind git PATH --since YYYY-MM-DD --until YYYY-MM-DD`,
    // Forms are keyed by it, so a successful change clears what was typed.
    revision: `${sources.length}-${manual.length}-${maintainers.length}`,
    sources: sources.map((s) => ({
      id: s.id,
      kind: s.kind,
      label: s.label,
      period: describeImportPeriod(s.since, s.until),
      importedAt: isoTime(s.importedAt),
      importedBy: s.importedByName ?? "the command line",
      contributors: s.contributors,
      commits: s.commits,
      skipped: skippedText(s.kind, s.skippedLines, s.skippedReasons),
    })),
    manual: manual.map(view),
    maintainers: {
      total: maintainers.length,
      sections: new Set(maintainers.map((m) => m.role)).size,
      importedAt: maintainers.length > 0 ? isoTime(maintainers[0]!.createdAt) : null,
      shown: maintainers.slice(0, MAINTAINERS_SHOWN).map(view),
    },
    aliases: aliases.length,
  };
}

export type SourcesPage = Awaited<ReturnType<typeof getSourcesPage>>;

// ---------------------------------------------------------------------------
// What an import would do

/**
 * What an import would do, line by line, without touching the database.
 * Text that is plainly another kind of file is refused with the parser's reason.
 */
export function previewTextImport(input: unknown): Result<TextImportReport & { values: TextImportValues }> {
  return resultOfSync(() => {
    const values = parseOrRefuse(TextImportFormSchema, input);
    return { ...readImportText(values.kind, values.text), values };
  });
}

/** The skipped lines a preview lists, the accepted ones it shows as a sample, and the dropped ones it names. */
const SKIPPED_SHOWN = 500;
const ACCEPTED_SHOWN = 20;
const DROPPED_SHOWN = 500;

/** What a MAINTAINERS replacement would drop of the current import, and whether that must be confirmed. */
export interface ReplacementView {
  current: number;
  droppedTotal: number;
  dropped: RoleEntry[];
  needsConfirmation: boolean;
}

export interface ImportPreview {
  kind: TextImportKind;
  kindLabel: string;
  accepted: number;
  duplicatesMerged: number;
  skippedTotal: number;
  skipped: LineIssue[];
  /** The first accepted entries: commits (or section and status), name and address. */
  sample: Array<{ first: string; second: string; name: string; email: string }>;
  /** A file that ends in the middle of a line: its last line. */
  cutShort: LineIssue | null;
  /** MAINTAINERS: who the replacement would remove. */
  replacement: ReplacementView | null;
}

function sampleOf(entry: ContributorCount | MaintainerEntry) {
  return "section" in entry
    ? { first: entry.section, second: entry.status, name: entry.name, email: entry.email }
    : { first: String(entry.commits), second: "", name: entry.name, email: entry.email };
}

/** The current MAINTAINERS entries a file's entries would not keep (a read: the import judges again under its lock). */
export async function maintainersDropped(
  db: Kysely<Database>,
  summitId: string,
  accepted: readonly MaintainerEntry[],
): Promise<{ current: number; dropped: RoleEntry[]; needsConfirmation: boolean }> {
  const current = await listResponsibilities(db, { summitId, origin: "maintainers" });
  const dropped = droppedEntries(current, maintainerResponsibilities(accepted));
  return { current: current.length, dropped, needsConfirmation: dropNeedsConfirmation(current.length, dropped.length) };
}

/** A file posted with the import form: its name and its bytes, which must be UTF-8 text. */
export interface ImportUpload {
  name: string;
  bytes: Uint8Array;
}

/**
 * The preview the sources page shows before an import is confirmed, for an
 * organizer while who may attend can still change: what was read, who a
 * MAINTAINERS replacement would remove, and the values the confirmation
 * posts back. The text is the pasted text or the chosen file's, never both;
 * a file names the source unless a label was given, and is said to look cut
 * short when it ends in the middle of a line. `input` is the form as read
 * (with the file's text), to be shown again if it is refused.
 */
export async function getImportPreview(
  db: Kysely<Database>,
  access: PageAccess,
  form: { fields: Record<string, string>; upload: ImportUpload | null },
): Promise<{ input: Record<string, string>; result: Result<{ values: TextImportValues; preview: ImportPreview }> }> {
  const { fields, upload } = form;
  const input = { ...fields };
  const result = await resultOf(async () => {
    if (!access.standing.isOrganizer) refuse(403, ONLY_ORGANIZERS);
    const { closed } = changeability(access);
    if (closed !== null) refuse(409, closed);
    if (upload && (fields.text ?? "").trim() !== "") {
      const message = "Either paste the text or choose a file, not both.";
      refuse(400, message, { text: message });
    }
    if (upload) {
      input.text = textOfImportFile(upload);
      if ((input.label ?? "").trim() === "" && upload.name) input.label = upload.name;
    }
    const read = previewTextImport(input);
    if (!read.ok) refuseWith(read);
    const { values } = read.value;
    const accepted: ReadonlyArray<ContributorCount | MaintainerEntry> = read.value.report.accepted;
    const { report } = read.value;
    let replacement: ReplacementView | null = null;
    if (read.value.kind === "maintainers") {
      const drop = await maintainersDropped(db, access.summit.id, read.value.report.accepted);
      replacement = {
        current: drop.current,
        droppedTotal: drop.dropped.length,
        dropped: drop.dropped.slice(0, DROPPED_SHOWN),
        needsConfirmation: drop.needsConfirmation,
      };
    }
    return {
      values,
      preview: {
        kind: values.kind,
        kindLabel: TEXT_IMPORT_KIND_LABELS[values.kind],
        accepted: report.accepted.length,
        duplicatesMerged: report.duplicatesMerged,
        skippedTotal: report.skipped.length,
        skipped: report.skipped.slice(0, SKIPPED_SHOWN),
        sample: accepted.slice(0, ACCEPTED_SHOWN).map(sampleOf),
        cutShort: upload ? unfinishedLastLine(input.text ?? "") : null,
        replacement,
      },
    };
  });
  return { input, result };
}
