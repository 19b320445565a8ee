import { AGENDA_AUDIT_WORDING } from "../agenda/audit-wording";
import { DAY_AUDIT_WORDING } from "../agenda/day-audit-wording";
import { ELIGIBILITY_AUDIT_WORDING } from "../eligibility/audit-wording";
import { INVITATIONS_AUDIT_WORDING } from "../invitations/audit-wording";
import { OUTBOX_AUDIT_WORDING } from "../outbox/audit-wording";
import { PEOPLE_AUDIT_WORDING } from "../people/audit-wording";
import { SUMMIT_AUDIT_WORDING } from "../summit/audit-wording";
import { VOTING_AUDIT_WORDING } from "../voting/audit-wording";
import { combineAuditWording } from "./wording";

/**
 * Every feature's audit sentences, by action. Built when the module loads,
 * so two features wording the same action stop Summit at start, not on the
 * page that shows the entry.
 */
export const AUDIT_WORDING = combineAuditWording({
  summit: SUMMIT_AUDIT_WORDING,
  agenda: AGENDA_AUDIT_WORDING,
  day: DAY_AUDIT_WORDING,
  eligibility: ELIGIBILITY_AUDIT_WORDING,
  invitations: INVITATIONS_AUDIT_WORDING,
  people: PEOPLE_AUDIT_WORDING,
  outbox: OUTBOX_AUDIT_WORDING,
  voting: VOTING_AUDIT_WORDING,
});
