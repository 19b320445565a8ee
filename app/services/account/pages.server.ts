import type { Kysely } from "kysely";
import { getSignInTokenState } from "~db/queries/sign-in-token";
import { getUserById } from "~db/queries/user";
import type { Database } from "~db/schema";
import { SIGN_IN_TOKEN_PATTERN } from "~/forms/sign-in";
import { hashSignInToken, tokenStateRefusal, type TokenRefusal } from "./sign-in.server";

/** The reads of the account pages: the page a sign-in link opens, and the profile. */

export type TokenPreview = { ok: true } | { ok: false; reason: Exclude<TokenRefusal, "deactivated"> };

/**
 * What the confirmation page (GET) says about a token, without using it or
 * writing anything: link scanners that fetch the page change nothing (R9).
 */
export async function previewSignInToken(
  db: Kysely<Database>,
  args: { token: string; now: Date },
): Promise<TokenPreview> {
  if (!SIGN_IN_TOKEN_PATTERN.test(args.token)) return { ok: false, reason: "invalid" };
  const refusal = tokenStateRefusal(await getSignInTokenState(db, hashSignInToken(args.token)), args.now);
  return refusal ? { ok: false, reason: refusal } : { ok: true };
}

export interface ProfilePage {
  email: string;
  displayName: string;
  /** The day the account was created, YYYY-MM-DD. */
  memberSince: string;
  isAdmin: boolean;
}

/** The profile page of the signed-in member, or null if their account no longer exists. */
export async function getProfilePage(db: Kysely<Database>, userId: string): Promise<ProfilePage | null> {
  const user = await getUserById(db, userId);
  if (!user) return null;
  return {
    email: user.email,
    displayName: user.display_name,
    memberSince: user.created_at.toISOString().slice(0, 10),
    isAdmin: user.is_admin,
  };
}
