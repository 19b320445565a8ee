import { createHash, randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/**
 * Invitation link tokens: 32 random bytes, of which the database keeps only
 * the SHA-256, so a copy of the database opens no invitation.
 */
export function generateInvitationToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(32));
}

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
