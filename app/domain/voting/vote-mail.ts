import { composeMail, signature, type MailBlock } from "../text/plain-mail";
import { plural } from "../text/plural";

/**
 * The mails to the roll when voting opens and when it closes, laid out by the
 * plain-mail module like all of Summit's mail. The opening says how to vote
 * and until when; the close says the turnout and the order the vote gave, item
 * by item, so a reader need not open the page to know what comes first.
 */

export interface VoteMailSummit {
  title: string;
  signOff: string;
}

function signOffOf(signOff: string): string {
  return signature(signOff) === "" ? "Summit" : signOff;
}

/** "2017-10-27 17:00 UTC". */
function utc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function voteOpenedMail(input: {
  summit: VoteMailSummit;
  voterName: string;
  methodLabel: string;
  secret: boolean;
  items: number;
  closesAt: Date | null;
  link: string;
}): { subject: string; body: string } {
  const { summit } = input;
  const blocks: MailBlock[] = [
    `voting on the agenda of ${summit.title} is open. ${plural(input.items, "accepted item", "accepted items")} ${input.items === 1 ? "is" : "are"} on the ballot; the vote decides the order they are taken in, and what does not fit the day goes to the list.`,
    `The method is ${input.methodLabel}. ${
      input.secret
        ? "Ballots are secret: nothing links yours to you, so it is cast once and cannot be changed."
        : "Ballots are open: you can change yours until the close, and who voted how is shown after it."
    }`,
    input.closesAt ? `Voting closes at ${utc(input.closesAt)}.` : "The organizers will close voting.",
    "Vote here:",
    { link: input.link },
  ];
  return {
    subject: `${summit.title}: voting is open`,
    body: composeMail({
      greeting: `Hello ${input.voterName},`,
      paragraphs: blocks,
      signOff: signOffOf(summit.signOff),
    }),
  };
}

export function voteClosedMail(input: {
  summit: VoteMailSummit;
  voterName: string;
  turnout: { voted: number; roll: number };
  /** The ranking, first place first: each item's place, number and title. */
  order: ReadonlyArray<{ place: number; tied: boolean; number: number; title: string }>;
  link: string;
}): { subject: string; body: string } {
  const { summit, turnout } = input;
  const blocks: MailBlock[] = [
    `voting on the agenda of ${summit.title} is closed: ${turnout.voted} of ${turnout.roll} on the roll voted.`,
  ];
  if (input.order.length > 0) {
    blocks.push("The vote puts the items in this order:", {
      bullets: input.order.map((item) => `${item.place}${item.tied ? "=" : "."} ${item.title} (item ${item.number})`),
    });
  }
  blocks.push(
    input.order.some((item) => item.tied)
      ? "An equals sign marks a tie. The whole result, and how it was counted:"
      : "The whole result, and how it was counted:",
    { link: input.link },
  );
  return {
    subject: `${summit.title}: voting is closed`,
    body: composeMail({
      greeting: `Hello ${input.voterName},`,
      paragraphs: blocks,
      signOff: signOffOf(summit.signOff),
    }),
  };
}
