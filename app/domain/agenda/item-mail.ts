import { composeMail, signature, type MailBlock } from "../text/plain-mail";

/**
 * The plain-text mail a proposer gets when the organizers decide on their
 * item: what was decided, in their words when they gave any, and where the
 * item is. It is laid out by the plain-mail module like all of Summit's mail:
 * wrapped at 72, the organizers' words quoted after "> ", the titles on lines
 * of their own, the summit's sign-off after one signature delimiter.
 */
export type TriageDecision = "accepted" | "declined" | "returned" | "merged";

export interface TriageMailInput {
  decision: TriageDecision;
  summitTitle: string;
  proposerName: string;
  item: { number: number; title: string };
  /** The decline reason or the return comment. */
  note: string | null;
  /** The item a merged item joined. */
  mergedInto?: { number: number; title: string };
  /** The item's page, or (returned) its edit page. */
  link: string;
  signOff: string;
}

const SUBJECT_VERB: Record<TriageDecision, string> = {
  accepted: "accepted",
  declined: "declined",
  returned: "returned for changes",
  merged: "merged",
};

/** The summit's sign-off, or "Summit" when it has none. */
function signOffOf(signOff: string): string {
  return signature(signOff) === "" ? "Summit" : signOff;
}

export function triageMail(input: TriageMailInput): { subject: string; body: string } {
  const { item, summitTitle } = input;
  // The titles stand on lines of their own, so the sentences read the same whatever their length.
  const title = (text: string): MailBlock => ({ bullets: [text], marker: "  " });
  const blocks: MailBlock[] = [];
  const decided = (what: string) => blocks.push(`the organizers of ${summitTitle} ${what}:`, title(item.title));
  switch (input.decision) {
    case "accepted":
      decided(`accepted your agenda item ${item.number}`);
      break;
    case "declined":
      decided(`declined your agenda item ${item.number}`);
      if (input.note?.trim()) blocks.push("They say:", { quote: input.note });
      break;
    case "returned":
      decided(`returned your item ${item.number} for changes`);
      if (input.note?.trim()) blocks.push("They ask:", { quote: input.note });
      blocks.push("Edit it and submit it again while proposals are open:");
      break;
    case "merged": {
      decided(`merged your agenda item ${item.number}`);
      const into = input.mergedInto;
      if (into) blocks.push(`into item ${into.number}:`, title(into.title));
      blocks.push("You and its co-sponsors now support that item.");
      break;
    }
  }
  blocks.push({ link: input.link });
  return {
    subject: `${summitTitle}: item ${item.number} ${SUBJECT_VERB[input.decision]}: ${item.title}`,
    body: composeMail({
      greeting: `Hello ${input.proposerName},`,
      paragraphs: blocks,
      signOff: signOffOf(input.signOff),
    }),
  };
}
