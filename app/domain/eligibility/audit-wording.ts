import { personText, type AuditWording } from "../audit/wording";

/**
 * Who may attend: eligibility rules, contributor and MAINTAINERS imports,
 * named responsibilities, and the open-summit settings (seat requests,
 * capacity), which the eligibility page changes.
 */
export const ELIGIBILITY_AUDIT_WORDING: AuditWording = {
  "eligibility.rule_added": (d) =>
    `added the eligibility rule “${String(d.rule ?? "")}” (${Number(d.addedCount ?? 0)} added, ${Number(d.removedCount ?? 0)} dropped out)`,
  "eligibility.rule_removed": (d) =>
    `removed the eligibility rule “${String(d.rule ?? "")}” (${Number(d.addedCount ?? 0)} added, ${Number(d.removedCount ?? 0)} dropped out)`,
  "summit.open_settings_changed": () => "changed the open-summit settings",
  "contributors.imported": (d) => `imported ${String(d.contributors ?? "")} contributors from ${String(d.label ?? "")}`,
  "contributors.source_removed": (d) => `removed the contributor source ${String(d.label ?? "")}`,
  "responsibility.maintainers_imported": (d) =>
    `imported ${String(d.entries ?? "")} maintainers from ${String(d.label ?? "MAINTAINERS")}`,
  "responsibility.added": (d) => `named ${personText(d)} ${String(d.role ?? "")}`,
  "responsibility.removed": (d) => `removed ${personText(d)} as ${String(d.role ?? "")}`,
};
