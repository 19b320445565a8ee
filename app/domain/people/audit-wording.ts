import { personText, type AuditWording } from "../audit/wording";

const via = (d: Record<string, unknown>) => (d.via === undefined ? "" : ` (from the ${String(d.via)})`);

/** Accounts: created, made administrator, renamed, signed out everywhere. */
export const PEOPLE_AUDIT_WORDING: AuditWording = {
  // Signing in or answering an invitation creates the account of the person acting, with no detail.
  "user.created": (d) => (d.email === undefined ? "created their account" : `created the account of ${personText(d)}`),
  "user.admin_granted": (d) => `made ${String(d.email ?? "")} an administrator${via(d)}`,
  "user.display_name_changed": (d) => `changed their name to ${String(d.displayName ?? "")}`,
  "user.signed_out_everywhere": () => "signed out everywhere",
};
