// Built with Zod's mini build: these forms validate in the browser, which then loads
// only the code the schemas call.
import * as z from "zod/mini";
import { normalizeEmailAddress } from "~/domain/people/email-address";
import { miniTextField } from "./text";

/** Base32 (lower case, no padding) of 32 random bytes: 52 characters. */
export const SIGN_IN_TOKEN_PATTERN = /^[a-z2-7]{52}$/;

export const DISPLAY_NAME_MAX_LENGTH = 100;

/** An email address as Summit stores it: trimmed, lower-cased, plain. */
export const EmailAddressSchema = z.pipe(
  z
    .string({ error: "Enter your email address." })
    .check(z.maxLength(1000, { error: "An email address has at most 254 characters." })),
  z.transform((value: string, ctx) => {
    const check = normalizeEmailAddress(value);
    if (check.ok) return check.address;
    ctx.issues.push({ code: "custom", message: check.reason, input: value });
    return z.NEVER;
  }),
);

/** Where to go after signing in; only a path on this site is ever followed (checked again on use). */
const NextPathSchema = z.optional(z.string().check(z.maxLength(1000, { error: "That return address is too long." })));

export const SignInRequestFormSchema = z.strictObject({
  email: EmailAddressSchema,
  next: NextPathSchema,
});

export const SignInVerifyFormSchema = z.strictObject({
  token: z
    .string({ error: "This sign-in link is incomplete. Open the link from the email again." })
    .check(
      z.regex(SIGN_IN_TOKEN_PATTERN, { error: "This sign-in link is not valid. Copy the whole link from the email." }),
    ),
  next: NextPathSchema,
});

export const DisplayNameSchema = miniTextField({
  name: "A display name",
  max: DISPLAY_NAME_MAX_LENGTH,
  required: "Enter the name other people see.",
  oneLineMessage: "A display name is one line of plain text.",
});

export const ProfileFormSchema = z.discriminatedUnion("intent", [
  z.strictObject({ intent: z.literal("update-display-name"), displayName: DisplayNameSchema }),
  z.strictObject({ intent: z.literal("sign-out-everywhere") }),
]);

/** Signing out takes no fields. */
export const SignOutFormSchema = z.strictObject({});

export type SignInRequestForm = z.infer<typeof SignInRequestFormSchema>;
export type SignInVerifyForm = z.infer<typeof SignInVerifyFormSchema>;
export type ProfileForm = z.infer<typeof ProfileFormSchema>;
