import { formatDateRange } from "../summit/details";
import { composeMail, signature, type MailBlock } from "../text/plain-mail";
import { formatUtc } from "./invitation-link";

/**
 * The plain-text mail that carries an invitation link: the first invitation,
 * a new link sent again by the organizers, or a freed seat offered to the
 * first on the waitlist. Laid out by the plain-mail module like all of
 * Summit's mail: wrapped at 72, the reasons as a list, the link alone on its
 * line, the summit's sign-off after one signature delimiter.
 */
export type InvitationMailKind = "invitation" | "resend" | "seat-offer";

export interface InvitationMailSummit {
  title: string;
  startsOn: string;
  endsOn: string;
  venue: string;
  signOff: string;
}

export interface InvitationMailInput {
  kind: InvitationMailKind;
  summit: InvitationMailSummit;
  /** The invitee's name; empty for a bare "Hello,". */
  name: string;
  /** Why they are invited, one entry each. */
  reasons: readonly string[];
  link: string;
  expiresAt: Date;
}

/** The summit's sign-off, or "Summit" when it has none: every mail is signed. */
export function signOffOf(signOff: string): string {
  return signature(signOff) === "" ? "Summit" : signOff;
}

/** "Hello Ada Lovelace," or, without a name, "Hello,". */
export function greetingOf(name: string): string {
  const trimmed = name.trim();
  return trimmed === "" ? "Hello," : `Hello ${trimmed},`;
}

/** "QEMU Summit 2017 (26 October 2017, KVM Forum 2017, Prague)". */
function summitWhenWhere(summit: InvitationMailSummit): string {
  const dates = formatDateRange(summit.startsOn, summit.endsOn);
  return `${summit.title} (${dates}${summit.venue ? `, ${summit.venue}` : ""})`;
}

const OPENING: Record<InvitationMailKind, (summit: InvitationMailSummit) => string> = {
  invitation: (summit) => `you are invited to ${summitWhenWhere(summit)}.`,
  resend: (summit) =>
    `here is a new link for your invitation to ${summitWhenWhere(summit)}. The link in the earlier mail no longer works.`,
  "seat-offer": (summit) =>
    `a seat is free at ${summitWhenWhere(summit)}, and you are next on the waitlist: the seat is yours if you want it.`,
};

export function invitationMail(input: InvitationMailInput): { subject: string; body: string } {
  const { summit } = input;
  const reasons = input.reasons.filter((reason) => reason.trim() !== "");
  const blocks: MailBlock[] = [OPENING[input.kind](summit)];
  if (reasons.length > 0) blocks.push("You are invited because:", { bullets: reasons });
  blocks.push(
    "To accept or decline, open this link and press one of the buttons:",
    { link: input.link },
    `The link works until ${formatUtc(input.expiresAt)} and signs you in to Summit with this address. Forward this mail to nobody: the link is yours alone.`,
  );
  return {
    subject:
      input.kind === "seat-offer" ? `A seat is free for you at ${summit.title}` : `Invitation to ${summit.title}`,
    body: composeMail({ greeting: greetingOf(input.name), paragraphs: blocks, signOff: signOffOf(summit.signOff) }),
  };
}
