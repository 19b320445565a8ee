import { DISPLAY_NAME_MAX_LENGTH } from "../summit/details";

/**
 * The first display name of an account created at sign-in, from its address
 * ("ada.lovelace+summit@x" → "Ada Lovelace"): the part before any "+tag",
 * split into capitalised words. The member changes it on the profile page.
 */
export function displayNameFromEmail(email: string): string {
  const local = email.split("@")[0] ?? "";
  const words = (local.split("+")[0] ?? "")
    .split(/[._-]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  const name = words.join(" ").trim() || local || email;
  return name.slice(0, DISPLAY_NAME_MAX_LENGTH);
}
