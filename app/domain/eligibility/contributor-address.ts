import { normalizeEmailAddress } from "../people/email-address";
import { issueText } from "./import-report";

/** Why an address is not a person's. */
export type SkippedAddressKind = "none" | "placeholder" | "bot" | "noReply" | "localMachine" | "noDomain" | "notPlain";

export type ContributorAddress =
  { ok: true; address: string } | { ok: false; kind: SkippedAddressKind; reason: string };

/** Each kind as a summary names the commits or lines it skipped: "40 from bots". */
export const SKIPPED_ADDRESS_LABELS: Record<SkippedAddressKind, string> = {
  none: "with no address",
  placeholder: "with git's (none) placeholder",
  bot: "from bots",
  noReply: "from no-reply services",
  localMachine: "from local machines (localhost)",
  noDomain: "from addresses with no domain",
  notPlain: "from addresses that are not plain",
};

const skip = (kind: SkippedAddressKind, reason: string): ContributorAddress => ({ ok: false, kind, reason });

/** A bot's address: GitHub apps (`renovate[bot]@…`), or a local part that names itself a bot. */
const BOT = /\[bot\]|^(?:.*[-_.])?bot$/i;
/** A service that sends but takes no mail (`noreply@github.com`); users.noreply.github.com hides a person, not a service. */
const NO_REPLY = /^(?:no-?reply|do-?not-?reply|no_reply)$/i;
const LOCAL_MACHINE = /^(?:localhost|localhost\.localdomain|.*\.localdomain)$/i;

/**
 * Whether an address in a history is a person's, and the address as Summit
 * keeps it. The git, shortlog and CSV imports (and MAINTAINERS) all judge
 * addresses here, so each is skipped for the same reason whichever way it came:
 * none at all, git's `(none)` placeholder, a bot, a no-reply service, no
 * domain, a local machine, or anything else that is not a plain address.
 */
export function judgeContributorAddress(raw: string): ContributorAddress {
  const email = raw.trim();
  const quoted = `"${issueText(email)}"`;
  if (email === "") return skip("none", "no email address");
  const at = email.lastIndexOf("@");
  const local = at >= 0 ? email.slice(0, at) : email;
  const domain = at >= 0 ? email.slice(at + 1) : "";
  if (/\(none\)/i.test(email)) return skip("placeholder", `${quoted} is git's placeholder for an unset address`);
  if (BOT.test(local)) return skip("bot", `${quoted} is a bot's address`);
  if (NO_REPLY.test(local)) return skip("noReply", `${quoted} is a no-reply service address`);
  if (LOCAL_MACHINE.test(domain)) return skip("localMachine", `${quoted} is a local machine's address`);
  if (at > 0 && !domain.includes(".")) return skip("noDomain", `${quoted} has no domain`);
  const check = normalizeEmailAddress(email);
  if (!check.ok) return skip("notPlain", `${quoted} is not a plain email address`);
  return { ok: true, address: check.address };
}

/** Skipped commits (or lines) per kind, most first, as a page or the command line says them. */
export function skippedSummary(
  skipped: Iterable<{ kind: SkippedAddressKind; commits: number }>,
): Array<{ kind: SkippedAddressKind; label: string; commits: number }> {
  const byKind = new Map<SkippedAddressKind, number>();
  for (const { kind, commits } of skipped) byKind.set(kind, (byKind.get(kind) ?? 0) + commits);
  return [...byKind]
    .map(([kind, commits]) => ({ kind, label: SKIPPED_ADDRESS_LABELS[kind], commits }))
    .sort((a, b) => b.commits - a.commits || a.kind.localeCompare(b.kind));
}
