import { withDatabase } from "~/cli/runtime";
import { AdminAddSchema, fieldErrorsOf } from "~/forms/summit";
import { addAdmin } from "~/services/summits/commands.server";

const USAGE = "Usage: npm run summit -- admin add EMAIL [--name NAME]";

export type AdminArgs = { ok: true; email: string; name?: string } | { ok: false; message: string };

/** `add EMAIL [--name NAME]`, validated before the database is opened. */
export function parseAdminArgs(args: string[]): AdminArgs {
  const [sub, ...rest] = args;
  if (sub !== "add") return { ok: false, message: USAGE };
  const positional: string[] = [];
  let name: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--name") {
      if (i + 1 >= rest.length) return { ok: false, message: `--name needs a value.\n${USAGE}` };
      name = rest[++i];
    } else if (arg.startsWith("--name=")) {
      name = arg.slice("--name=".length);
    } else if (arg.startsWith("--")) {
      return { ok: false, message: `Unknown option ${arg}.\n${USAGE}` };
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) return { ok: false, message: USAGE };
  const parsed = AdminAddSchema.safeParse(
    name === undefined ? { email: positional[0] } : { email: positional[0], name },
  );
  if (!parsed.success) {
    const errors = fieldErrorsOf(parsed.error);
    const [field, message] = Object.entries(errors)[0] ?? ["email", "is not valid"];
    return { ok: false, message: `${field === "name" ? "--name" : "EMAIL"}: ${message}` };
  }
  return { ok: true, ...parsed.data };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseAdminArgs(args);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`);
    return 2;
  }
  return withDatabase(async ({ db }) => {
    const result = await addAdmin(db, {
      input: { email: parsed.email, ...(parsed.name ? { name: parsed.name } : {}) },
    });
    if (!result.ok) {
      process.stderr.write(`${result.message}\n`);
      return 2;
    }
    const { user, created, alreadyAdmin } = result.value;
    const who = `${user.display_name} <${user.email}>`;
    process.stdout.write(
      alreadyAdmin
        ? `${who} is already an administrator.\n`
        : `${who} is now an administrator${created ? " (new account)" : ""}.\n`,
    );
    return 0;
  });
}
