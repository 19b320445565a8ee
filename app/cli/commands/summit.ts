import { withDatabase } from "~/cli/runtime";
import { isValidSlug } from "~/domain/summit/details";
import { fieldErrorsOf, PersonFormSchema } from "~/forms/summit";
import { nameOrganizerFromCommandLine } from "~/services/summits/commands.server";

const USAGE = "Usage: npm run summit -- summit organizer add SLUG EMAIL";

export type SummitArgs = { ok: true; slug: string; email: string } | { ok: false; message: string };

export function parseSummitArgs(args: string[]): SummitArgs {
  if (args.length !== 4 || args[0] !== "organizer" || args[1] !== "add") return { ok: false, message: USAGE };
  const slug = args[2]!;
  if (!isValidSlug(slug)) {
    return {
      ok: false,
      message: `SLUG: '${slug}' is not a summit's short name (lower-case letters, digits and hyphens).`,
    };
  }
  const parsed = PersonFormSchema.safeParse({ email: args[3] });
  if (!parsed.success) return { ok: false, message: `EMAIL: ${fieldErrorsOf(parsed.error).email ?? "is not valid"}` };
  return { ok: true, slug, email: parsed.data.email };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseSummitArgs(args);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`);
    return 2;
  }
  return withDatabase(async ({ db }) => {
    const result = await nameOrganizerFromCommandLine(db, { slug: parsed.slug, input: { email: parsed.email } });
    if (!result.ok) {
      process.stderr.write(`${result.message}\n`);
      return 2;
    }
    const { user, created } = result.value;
    process.stdout.write(
      `${user.display_name} <${user.email}> is now an organizer of ${parsed.slug}${created ? " (new account)" : ""}.\n`,
    );
    return 0;
  });
}
