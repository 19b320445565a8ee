import { personText, type AuditWording } from "../audit/wording";
import { isPhase, phaseLabel } from "./phases";

function phaseText(value: unknown): string {
  return isPhase(value) ? phaseLabel(value) : String(value);
}

/** How the audit log names a summit's details, by the field names `summit.updated` records. */
export const FIELD_NAMES: Readonly<Record<string, string>> = {
  title: "the title",
  startsOn: "the first day",
  endsOn: "the last day",
  timezone: "the timezone",
  venue: "the venue",
  listAddress: "the list address",
  signOff: "the sign-off",
};

function fieldName(field: string): string {
  return Object.hasOwn(FIELD_NAMES, field) ? FIELD_NAMES[field]! : field;
}

/** The summit's own entries: its creation, details, phase, visibility, organizers and minute-takers; the demo. */
export const SUMMIT_AUDIT_WORDING: AuditWording = {
  "summit.created": (d) => `created the summit ${String(d.title ?? "")}`.trim(),
  "summit.updated": (d) =>
    `changed ${Object.keys((d.changes as object | undefined) ?? {})
      .map(fieldName)
      .join(", ")}`,
  "summit.phase_moved": (d) =>
    `moved the summit ${d.direction === "back" ? "back" : "forward"} from ${phaseText(d.from)} to ${phaseText(d.to)}`,
  "summit.organizer_named": (d) => `named ${personText(d)} organizer`,
  "summit.organizer_removed": (d) => `removed ${personText(d)} as organizer`,
  "summit.minute_taker_named": (d) => `named ${personText(d)} minute-taker`,
  "summit.minute_taker_removed": (d) => `removed ${personText(d)} as minute-taker`,
  "summit.visibility_changed": (d) =>
    d.isPublic ? "made the agenda public once published" : "made the agenda visible to attendees only",
  "demo.loaded": () => "loaded the demo summit",
};
