// `npm run summit -- <command>`: the command line for organizers and admins.
// `npm run build` compiles it to build/cli.js. Each command is imported only
// when it is the one asked for, so a command loads just the modules it needs.
import "dotenv/config";

type CommandModule = { run(args: string[]): Promise<number> };

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  db: { summary: "db migrate                     apply pending migrations", load: () => import("./commands/db") },
  admin: {
    summary: "admin add EMAIL [--name NAME]  make someone an administrator (creating the account)",
    load: () => import("./commands/admin"),
  },
  summit: {
    summary: "summit organizer add SLUG EMAIL  name an organizer of a summit",
    load: () => import("./commands/summit"),
  },
  sources: {
    summary:
      "sources import --summit SLUG --kind git|shortlog|csv|maintainers PATH [--since DATE --until DATE] [--json] [--apply]\n" +
      "                                 preview (or with --apply, import) commit counts or a MAINTAINERS file",
    load: () => import("./commands/sources"),
  },
  outbox: {
    summary: "outbox work | list | confirm ID | resend ID   run or inspect the mail outbox",
    load: () => import("./commands/outbox"),
  },
  demo: {
    summary: "demo load                      load the demo summit into an empty database",
    load: () => import("./commands/demo"),
  },
  backup: {
    summary: "backup FILE                    write a logical dump of the database",
    load: () => import("./commands/backup"),
  },
  restore: {
    summary: "restore FILE                   load a dump into an empty database",
    load: () => import("./commands/restore"),
  },
};

function usage(): string {
  return ["Usage: npm run summit -- <command>", "", ...Object.values(COMMANDS).map((c) => `  ${c.summary}`)].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help") {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`Unknown command '${name}'.\n\n${usage()}\n`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
