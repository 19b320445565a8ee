import { countText, nameAndEmail, personText, type AuditWording } from "../audit/wording";

/** How the state an invitation was revoked in reads: "(it was accepted)". */
const WAS: Readonly<Record<string, string>> = {
  invited: "it was waiting for an answer",
  accepted: "it was accepted",
  declined: "it was declined",
  waitlisted: "it was on the waitlist",
};

const invitee = (d: Record<string, unknown>) => nameAndEmail(d.name, d.email);

/** Invitations and seat requests: who was invited, resent, revoked, offered a seat; who asked for one. */
export const INVITATIONS_AUDIT_WORDING: AuditWording = {
  "invitation.invited_eligible": (d) => {
    const rejected = Number(d.rejected ?? 0);
    const unusable = rejected > 0 ? `; ${countText(rejected, "address", "addresses")} could not receive mail` : "";
    return `invited everyone eligible: ${Number(d.invited ?? 0)} invited, ${Number(d.waitlisted ?? 0)} waitlisted${unusable}`;
  },
  "invitation.sent": (d) => `invited ${invitee(d)}`,
  "invitation.waitlisted": (d) => `put ${invitee(d)} on the waitlist: every seat was taken`,
  "invitation.resent": (d) =>
    `sent ${invitee(d)} a new invitation link${d.sends === undefined ? "" : ` (send ${Number(d.sends)})`}`,
  "invitation.revoked": (d) => {
    const was = typeof d.was === "string" && Object.hasOwn(WAS, d.was) ? ` (${WAS[d.was]})` : "";
    return `revoked the invitation of ${invitee(d)}${was}`;
  },
  "invitation.offered_free_seat": (d) => `offered a freed seat to ${invitee(d)}, first on the waitlist`,
  "invitation.accepted": () => "accepted the invitation",
  "invitation.declined": () => "declined the invitation",
  "seat_request.created": () => "asked for a seat",
  "seat_request.withdrawn": () => "withdrew their seat request",
  "seat_request.approved": (d) =>
    `approved the seat request of ${personText(d)} and ${d.invitation === "waitlisted" ? "put them on the waitlist" : "invited them"}`,
  "seat_request.refused": (d) => `refused the seat request of ${personText(d)}`,
};
