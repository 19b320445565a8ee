import { z } from "zod";
import { normalizeEmailAddress } from "~/domain/people/email-address";
import { textField } from "./text";

/** Base32 (lower case, no padding) of 32 random bytes: 52 characters. */
export const SIGN_IN_TOKEN_PATTERN = /^[a-z2-7]{52}$/;

export const DISPLAY_NAME_MAX_LENGTH = 100;

/** An email address as Summit stores it: trimmed, lower-cased, plain. */
export const EmailAddressSchema = z
  .string({ error: "Enter your email address." })
  .max(1000, { error: "An email address has at most 254 characters." })
  .transform((value, ctx) => {
    const check = normalizeEmailAddress(value);
    if (!check.ok) {
      ctx.addIssue({ code: "custom", message: check.reason });
      return z.NEVER;
    }
    return check.address;
  });

/** Where to go after signing in; only a path on this site is ever followed (checked again on use). */
const NextPathSchema = z.string().max(1000, { error: "That return address is too long." }).optional();

export const SignInRequestFormSchema = z
  .object({
    email: EmailAddressSchema,
    next: NextPathSchema,
  })
  .strict();

export const SignInVerifyFormSchema = z
  .object({
    token: z
      .string({ error: "This sign-in link is incomplete. Open the link from the email again." })
      .regex(SIGN_IN_TOKEN_PATTERN, { error: "This sign-in link is not valid. Copy the whole link from the email." }),
    next: NextPathSchema,
  })
  .strict();

export const DisplayNameSchema = textField({
  name: "A display name",
  max: DISPLAY_NAME_MAX_LENGTH,
  required: "Enter the name other people see.",
  oneLineMessage: "A display name is one line of plain text.",
});

export const ProfileFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("update-display-name"), displayName: DisplayNameSchema }).strict(),
  z.object({ intent: z.literal("sign-out-everywhere") }).strict(),
]);

/** Signing out takes no fields. */
export const SignOutFormSchema = z.object({}).strict();

export type SignInRequestForm = z.infer<typeof SignInRequestFormSchema>;
export type SignInVerifyForm = z.infer<typeof SignInVerifyFormSchema>;
export type ProfileForm = z.infer<typeof ProfileFormSchema>;
