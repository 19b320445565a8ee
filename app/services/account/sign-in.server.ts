import { createHash, randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/**
 * The secret of a sign-in link: how it is made, how it is stored, how long
 * it lives, and why one that cannot be used is refused.
 */

/** Sign-in links work for 10 minutes (ASVS 2.7.2 / R8). */
export const SIGN_IN_TOKEN_TTL_MS = 10 * 60_000;

/** Expired tokens are kept a day, so a late click still hears "expired" rather than "not valid". */
export const EXPIRED_TOKEN_RETENTION_MS = 24 * 3_600_000;

/** 32 bytes from the CSPRNG, base32: the secret in the link. Only its SHA-256 is stored. */
export function generateSignInToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(32));
}

export function hashSignInToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Why a link signs nobody in; "deactivated" is the account's, the others the link's. */
export type TokenRefusal = "invalid" | "expired" | "used" | "deactivated";

/** Why a stored token cannot be used now, or null while it can: unknown, used, or past its time. */
export function tokenStateRefusal(
  state: { usedAt: Date | null; expiresAt: Date } | null,
  now: Date,
): Exclude<TokenRefusal, "deactivated"> | null {
  if (!state) return "invalid";
  if (state.usedAt) return "used";
  if (state.expiresAt.getTime() <= now.getTime()) return "expired";
  return null;
}
