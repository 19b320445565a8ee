import { composeMail } from "../text/plain-mail";

/**
 * The sign-in mail: the link that signs its holder in, how long it works,
 * and what to do with a mail nobody asked for. Laid out by the plain-mail
 * module like all of Summit's mail (wrapped at 72, the link alone on its
 * line, "-- Summit" as the signature).
 */

export const SIGN_IN_MAIL_SUBJECT = "Your Summit sign-in link";

/** The link in the mail, built from the configured origin only, never from request headers (R9). */
export function signInLink(appOrigin: string, token: string, next?: string | null): string {
  const params = new URLSearchParams({ token });
  if (next && next !== "/") params.set("next", next);
  return `${appOrigin}/login/verify?${params.toString()}`;
}

export interface SignInMailInput {
  /** Where Summit runs, as the mail names it (APP_ORIGIN). */
  origin: string;
  link: string;
  requestedAt: Date;
  expiresAt: Date;
}

/** "09:10": the time of day in UTC, as the mail states the end of the link's life. */
function utcTime(at: Date): string {
  return at.toISOString().slice(11, 16);
}

export function signInMail(input: SignInMailInput): { subject: string; body: string } {
  const minutes = Math.round((input.expiresAt.getTime() - input.requestedAt.getTime()) / 60_000);
  return {
    subject: SIGN_IN_MAIL_SUBJECT,
    body: composeMail({
      greeting: "Hello,",
      paragraphs: [
        {
          lines: [
            `someone asked to sign in to Summit at ${input.origin} with this address.`,
            'To sign in, open this link and press the "Sign in" button:',
          ],
        },
        { link: input.link },
        {
          lines: [
            `It works once, until ${utcTime(input.expiresAt)} UTC (${minutes === 1 ? "a minute" : `${minutes} minutes`} after it was requested).`,
            "If you did not ask for it, ignore this message: nobody can sign in without the link.",
          ],
        },
      ],
      signOff: "Summit",
    }),
  };
}
