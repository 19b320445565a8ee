import { composeMail, signature, type MailBlock } from "../text/plain-mail";
import { clock } from "./day-schedule";

/**
 * The published agenda as a plain-text mail to the roll: day by day, each
 * item at its time with its lead, the breaks between, then the items to be
 * taken to the list. Times are the summit's local times, and the mail says
 * which timezone they are in.
 */

export interface AgendaMailInput {
  summit: { title: string; timezone: string; venue: string; signOff: string };
  name: string;
  slots: ReadonlyArray<{ item: number; date: string; start: number; end: number; title: string; lead: string }>;
  breaks: ReadonlyArray<{ date: string; start: number; end: number; label: string }>;
  overflow: ReadonlyArray<{ number: number; title: string; lead: string }>;
  link: string;
  calendarLink: string;
}

export function agendaMail(input: AgendaMailInput): { subject: string; body: string } {
  const { summit } = input;
  const where = summit.venue.trim() ? ` at ${summit.venue.trim()}` : "";
  const blocks: MailBlock[] = [
    `the agenda of ${summit.title}${where} is published, in the order the vote gave. Times are in ${summit.timezone}.`,
  ];
  const dates = [...new Set([...input.slots.map((s) => s.date), ...input.breaks.map((b) => b.date)])].sort();
  for (const date of dates) {
    const rows = [
      ...input.slots
        .filter((s) => s.date === date)
        .map((s) => ({ start: s.start, end: s.end, text: `${s.title} (item ${s.item}), led by ${s.lead}` })),
      ...input.breaks.filter((b) => b.date === date).map((b) => ({ start: b.start, end: b.end, text: b.label })),
    ].sort((a, b) => a.start - b.start);
    blocks.push(date, { rows: rows.map((r) => ({ marker: `  ${clock(r.start)}-${clock(r.end)}  `, text: r.text })) });
  }
  if (input.overflow.length > 0) {
    blocks.push("To be taken to the list, as the day has no room for them:", {
      bullets: input.overflow.map((o) => `${o.title} (item ${o.number}), led by ${o.lead}`),
    });
  }
  blocks.push("The agenda, and a calendar file of it:", { lines: [input.link, input.calendarLink] });
  return {
    subject: `${summit.title}: the agenda`,
    body: composeMail({
      greeting: `Hello ${input.name},`,
      paragraphs: blocks,
      signOff: signature(summit.signOff) === "" ? "Summit" : summit.signOff,
    }),
  };
}
