/**
 * The plain-text mail a proposer gets when the organizers decide on their
 * item: what was decided, in their words when they gave any, and where the
 * item is. Lines are short and the organizers' words are quoted with two
 * spaces, as the rest of Summit's mail does.
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

function quoted(text: string): string[] {
  return text.split(/\r?\n/).map((line) => (line.trim() === "" ? "" : `  ${line}`));
}

export function triageMail(input: TriageMailInput): { subject: string; body: string } {
  const { item, summitTitle } = input;
  // The titles stand on lines of their own, so the sentences stay short whatever their length.
  const lines: string[] = [`Hello ${input.proposerName},`, ""];
  const decided = (what: string) => lines.push(`the organizers of ${summitTitle} ${what}:`, "", `  ${item.title}`, "");
  switch (input.decision) {
    case "accepted":
      decided(`accepted your agenda item ${item.number}`);
      break;
    case "declined":
      decided(`declined your agenda item ${item.number}`);
      if (input.note) lines.push("They say:", "", ...quoted(input.note), "");
      break;
    case "returned":
      decided(`returned your item ${item.number} for changes`);
      if (input.note) lines.push("They ask:", "", ...quoted(input.note), "");
      lines.push("Edit it and submit it again while proposals are open:", "");
      break;
    case "merged": {
      decided(`merged your agenda item ${item.number}`);
      const into = input.mergedInto;
      if (into) lines.push(`into item ${into.number}:`, "", `  ${into.title}`, "");
      lines.push("You and its co-sponsors now support that item.", "");
      break;
    }
  }
  lines.push(input.link, "", "-- ", input.signOff || "Summit", "");
  return {
    subject: `${summitTitle}: item ${item.number} ${SUBJECT_VERB[input.decision]}: ${item.title}`,
    body: lines.join("\n"),
  };
}
