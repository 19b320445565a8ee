import type { Kysely } from "kysely";
import { z } from "zod";
import { OUTBOX_STATUSES } from "~db/queries/outbox";
import type { Database, OutboxMessage, OutboxStatus } from "~db/schema";
import { withDatabase } from "~/cli/runtime";
import type { Config } from "~/lib/config.server";
import { createLogger } from "~/lib/log.server";
import { startOutboxWorker } from "~/infra/outbox-worker.server";
import { confirmOutboxMessage, resendOutboxMessage, type ManualOutboxResult } from "~/services/outbox/commands.server";
import { listOutbox } from "~/services/outbox/pages.server";

const USAGE = [
  "Usage: npm run summit -- outbox <command>",
  "  outbox work                      deliver queued mail until stopped (SIGTERM or Ctrl-C)",
  "  outbox list [--status STATUS] [--limit N]",
  "                                   show queued and delivered mail, newest first",
  "  outbox confirm ID                record a message held for confirmation as delivered",
  "  outbox resend ID                 queue a held or given-up message again (same Message-ID)",
].join("\n");

const IdSchema = z.uuid({ message: "ID must be an outbox id (a UUID, as shown by `outbox list`)" });

const OutboxArgsSchema = z.discriminatedUnion("command", [
  z.object({ command: z.literal("work") }).strict(),
  z
    .object({
      command: z.literal("list"),
      status: z
        .enum(OUTBOX_STATUSES as [OutboxStatus, ...OutboxStatus[]], {
          message: `--status must be one of ${OUTBOX_STATUSES.join(", ")}`,
        })
        .optional(),
      limit: z.coerce
        .number({ message: "--limit must be a whole number" })
        .int({ message: "--limit must be a whole number" })
        .min(1, { message: "--limit must be at least 1" })
        .max(10_000, { message: "--limit must be at most 10000" })
        .optional(),
    })
    .strict(),
  z.object({ command: z.literal("confirm"), id: IdSchema }).strict(),
  z.object({ command: z.literal("resend"), id: IdSchema }).strict(),
]);

export type OutboxArgs = z.infer<typeof OutboxArgsSchema>;

/** Turns argv into a checked command, before any database is opened. */
export function parseOutboxArgs(args: string[]): { ok: true; value: OutboxArgs } | { ok: false; message: string } {
  const [command, ...rest] = args;
  if (!command || !["work", "list", "confirm", "resend"].includes(command)) {
    return { ok: false, message: command ? `Unknown outbox command '${command}'.\n${USAGE}` : USAGE };
  }
  const raw: Record<string, unknown> = { command };
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const option = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    if (!option) {
      positional.push(arg);
      continue;
    }
    const [, name, inline] = option;
    if (command !== "list" || (name !== "status" && name !== "limit")) {
      return { ok: false, message: `Unknown option ${arg} for 'outbox ${command}'.\n${USAGE}` };
    }
    const value = inline ?? rest[++i];
    if (value === undefined) return { ok: false, message: `--${name} needs a value.\n${USAGE}` };
    raw[name!] = value;
  }
  if (command === "confirm" || command === "resend") {
    if (positional.length !== 1) return { ok: false, message: `'outbox ${command}' takes one ID.\n${USAGE}` };
    raw.id = positional[0];
  } else if (positional.length > 0) {
    return { ok: false, message: `'outbox ${command}' takes no argument '${positional[0]}'.\n${USAGE}` };
  }
  const parsed = OutboxArgsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? USAGE };
  return { ok: true, value: parsed.data };
}

export interface OutboxCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Resolves when `outbox work` should stop. */
  untilStopped: () => Promise<void>;
  now: () => Date;
}

/** Runs a parsed command against an open database; returns the exit code. */
export async function runOutboxCommand(
  db: Kysely<Database>,
  config: Config,
  args: OutboxArgs,
  io: OutboxCommandIo,
): Promise<number> {
  switch (args.command) {
    case "work": {
      const log = createLogger(config.LOG_LEVEL);
      // Alone in its process, any open transaction during a send would be the worker's own.
      const worker = startOutboxWorker({ db, config, log, strictTransactions: true });
      await io.untilStopped();
      await worker.stop();
      return 0;
    }
    case "list": {
      const { messages, counts } = await listOutbox(db, { status: args.status, limit: args.limit ?? 50 });
      io.out(`${OUTBOX_STATUSES.map((s) => `${s}: ${counts[s]}`).join("  ")}\n`);
      if (messages.length === 0) io.out("No messages.\n");
      else io.out(`${formatTable(messages)}\n`);
      return 0;
    }
    case "confirm": {
      const result = await confirmOutboxMessage(db, { id: args.id, now: io.now(), actorId: null });
      return report(result, io, (m) => `Recorded ${m.message_id} to ${m.recipient} as delivered.`, "confirm", [
        "needs_confirmation",
      ]);
    }
    case "resend": {
      const result = await resendOutboxMessage(db, { id: args.id, now: io.now(), actorId: null });
      return report(
        result,
        io,
        (m) => `Queued ${m.message_id} to ${m.recipient} again, with the same Message-ID.`,
        "resend",
        ["needs_confirmation", "dead"],
      );
    }
  }
}

function report(
  result: ManualOutboxResult,
  io: OutboxCommandIo,
  success: (message: OutboxMessage) => string,
  verb: string,
  allowed: OutboxStatus[],
): number {
  if (result.ok) {
    io.out(`${success(result.message)}\n`);
    return 0;
  }
  if (result.reason === "not_found") {
    io.err("There is no outbox message with that ID.\n");
    return 1;
  }
  io.err(
    `Cannot ${verb} a message whose status is '${result.status}'; only ${allowed.map((s) => `'${s}'`).join(" or ")} messages.\n`,
  );
  return 1;
}

function formatTable(rows: OutboxMessage[]): string {
  const header = ["ID", "STATUS", "TRIES", "KIND", "QUEUED (UTC)", "TO", "SUBJECT", "LAST ERROR"];
  const lines = rows.map((row) => [
    row.id,
    row.status,
    String(row.attempts),
    row.kind,
    row.created_at.toISOString().slice(0, 19).replace("T", " "),
    row.recipient,
    clip(row.subject, 40),
    clip(row.last_error ?? "", 60),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [header, ...lines]
    .map((cells) =>
      cells
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseOutboxArgs(args);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`);
    return 2;
  }
  // Listening from the start: a stop asked for while the database opens still stops cleanly.
  const stopRequested =
    parsed.value.command === "work"
      ? new Promise<void>((resolve) => {
          process.once("SIGTERM", () => resolve());
          process.once("SIGINT", () => resolve());
        })
      : null;
  return withDatabase(({ db }, config) =>
    runOutboxCommand(db, config, parsed.value, {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      untilStopped: () => stopRequested ?? Promise.resolve(),
      now: () => new Date(),
    }),
  );
}
