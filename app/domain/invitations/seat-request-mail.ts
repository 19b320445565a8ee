import { composeMail } from "../text/plain-mail";
import { greetingOf, signOffOf } from "./invitation-mail";

/**
 * The plain-text mails a member gets about their seat request: approved but
 * waitlisted (with their place), or refused (with the organizers' reason,
 * quoted as they wrote it). An approval with a free seat sends the
 * invitation mail instead.
 */
export interface SeatRequestMailSummit {
  title: string;
  signOff: string;
}

export function seatRequestWaitlistedMail(input: {
  summit: SeatRequestMailSummit;
  name: string;
  /** 1 for the first on the waitlist. */
  position: number;
}): { subject: string; body: string } {
  const { summit } = input;
  return {
    subject: `Your seat request for ${summit.title}: on the waitlist`,
    body: composeMail({
      greeting: greetingOf(input.name),
      paragraphs: [
        `the organizers of ${summit.title} approved your request for a seat, but every seat is taken for now.`,
        // Its own paragraph, so the place is never broken across lines.
        `You are number ${input.position} on the waitlist. When a seat is free, you will get a mail with a link to accept it.`,
      ],
      signOff: signOffOf(summit.signOff),
    }),
  };
}

export function seatRequestRefusedMail(input: {
  summit: SeatRequestMailSummit;
  name: string;
  /** The organizers' words, line breaks kept. */
  reason: string;
}): { subject: string; body: string } {
  const { summit } = input;
  return {
    subject: `Your seat request for ${summit.title}`,
    body: composeMail({
      greeting: greetingOf(input.name),
      paragraphs: [`the organizers of ${summit.title} could not give you a seat. They say:`, { quote: input.reason }],
      signOff: signOffOf(summit.signOff),
    }),
  };
}
