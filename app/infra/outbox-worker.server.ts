import type { Kysely } from "kysely";
import {
  claimDueMessages,
  markDead,
  markNeedsConfirmation,
  markRetry,
  markSent,
  reclaimExpiredLeases,
} from "~db/queries/outbox";
import type { Database, OutboxMessage } from "~db/schema";
import {
  classifyDeliveryFailure,
  DEFAULT_RETRY_POLICY,
  isPastGiveUp,
  retryDelayMs,
  type RetryPolicy,
} from "~/domain/outbox/retry-schedule";
import type { Config } from "~/lib/config.server";
import type { Logger } from "~/lib/log.server";
import {
  createTransportFactory,
  DEFAULT_SMTP_TIMEOUTS,
  DeliveryError,
  type DeliveryReceipt,
  type MailTransport,
  type TransportFactory,
} from "./mail-transport.server";

type WorkerLog = Pick<Logger, "info" | "warn" | "error">;

export interface DeliverOptions {
  transportFactory: TransportFactory;
  /** The clock; tests pass a fixed or stepped one. */
  now?: () => Date;
  /** Jitter source in [0, 1). */
  random?: () => number;
  retryPolicy?: RetryPolicy;
  /** At most this many messages per call. */
  maxMessages?: number;
  /**
   * How long a claimed message stays this worker's. It must outlast one whole
   * delivery (the SMTP transport gives up after its deadline, 2 minutes by
   * default); when it runs out, the message is taken to be abandoned.
   */
  leaseMs?: number;
  /** Checked between messages: the message in flight always finishes. */
  shouldStop?: () => boolean;
  log?: WorkerLog;
}

export interface BatchReport {
  reclaimed: number;
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
  needsConfirmation: number;
}

export const DEFAULT_MAX_MESSAGES = 20;
export const DEFAULT_LEASE_MS = DEFAULT_SMTP_TIMEOUTS.deadlineMs + 180_000;

/**
 * Delivers the messages that are due, one at a time, and records what became of each.
 * Each message is claimed by its own committed statement and sent with no
 * transaction open (R30), so the database is never held while a mail server
 * takes its time. One message per claim keeps the lease exact: a worker that
 * dies leaves behind only the message it was actually sending.
 */
export async function deliverDueMessages(db: Kysely<Database>, options: DeliverOptions): Promise<BatchReport> {
  assertOutsideTransaction(db);
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const maxMessages = options.maxMessages ?? DEFAULT_MAX_MESSAGES;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const log = options.log;
  const report: BatchReport = { reclaimed: 0, claimed: 0, sent: 0, retried: 0, dead: 0, needsConfirmation: 0 };

  const reclaimed = await reclaimExpiredLeases(db, { now: now() });
  report.reclaimed = reclaimed.length;
  for (const row of reclaimed) {
    log?.warn(
      { outboxId: row.id, kind: row.kind, status: row.status },
      "outbox: reclaimed a message whose worker stopped mid-send",
    );
  }

  let transport: MailTransport | null = null;
  while (report.claimed < maxMessages && !options.shouldStop?.()) {
    const [row] = await claimDueMessages(db, { now: now(), leaseMs, limit: 1 });
    if (!row) break;
    report.claimed++;
    transport ??= options.transportFactory();
    const result = await deliverOne(db, transport, row, { now, random, policy, log });
    report[result]++;
  }
  return report;
}

type DeliveryResult = "sent" | "retried" | "dead" | "needsConfirmation";

async function deliverOne(
  db: Kysely<Database>,
  transport: MailTransport,
  row: OutboxMessage,
  context: { now: () => Date; random: () => number; policy: RetryPolicy; log?: WorkerLog },
): Promise<DeliveryResult> {
  const { log } = context;
  const fields = { outboxId: row.id, kind: row.kind, attempt: row.attempts, transport: transport.kind };
  let receipt: DeliveryReceipt;
  try {
    receipt = await transport.deliver({
      id: row.id,
      messageId: row.message_id,
      recipient: row.recipient,
      subject: row.subject,
      body: row.body,
      createdAt: row.created_at,
    });
  } catch (error) {
    const failure =
      error instanceof DeliveryError
        ? error
        : new DeliveryError(error instanceof Error ? error.message : String(error), { dataPhaseReached: false });
    return recordFailure(db, row, failure, { ...context, fields });
  }
  // Outside the try: a database error here must not pass for a failed delivery
  // (that would send the message again). The row stays `sending` and its lease
  // decides, as after a crash.
  if (!(await markSent(db, { id: row.id, now: context.now(), smtpResponse: receipt.response }))) {
    log?.warn(fields, "outbox: sent, but the row had already been settled elsewhere");
  } else {
    log?.info(fields, "outbox: sent");
  }
  return "sent";
}

async function recordFailure(
  db: Kysely<Database>,
  row: OutboxMessage,
  failure: DeliveryError,
  context: {
    now: () => Date;
    random: () => number;
    policy: RetryPolicy;
    log?: WorkerLog;
    fields: Record<string, unknown>;
  },
): Promise<DeliveryResult> {
  const { log, fields } = context;
  const at = context.now();
  const fence = { id: row.id, attempts: row.attempts, error: describeFailure(failure) };
  const kind = classifyDeliveryFailure(failure);
  const settled = (recorded: boolean) => {
    if (!recorded) log?.warn(fields, "outbox: result not recorded; the message was reclaimed meanwhile");
  };
  if (kind === "ambiguous") {
    settled(await markNeedsConfirmation(db, fence));
    log?.warn({ ...fields, err: failure.message }, "outbox: delivery unknown, held for confirmation");
    return "needsConfirmation";
  }
  if (kind === "permanent") {
    settled(await markDead(db, fence));
    log?.error({ ...fields, err: failure.message }, "outbox: refused permanently");
    return "dead";
  }
  if (isPastGiveUp(at, row.give_up_at)) {
    settled(await markDead(db, { ...fence, error: `Gave up after ${row.attempts} attempts: ${fence.error}` }));
    log?.error({ ...fields, err: failure.message }, "outbox: gave up");
    return "dead";
  }
  const delay = retryDelayMs(row.attempts, context.random, context.policy);
  // The last try happens at the give-up time rather than never.
  const next = new Date(Math.min(at.getTime() + delay, row.give_up_at.getTime()));
  settled(await markRetry(db, { ...fence, nextAttemptAt: next }));
  log?.warn({ ...fields, err: failure.message, nextAttemptAt: next.toISOString() }, "outbox: will retry");
  return "retried";
}

/** The error as kept in last_error: its code first, so an operator can tell the kind at a glance. */
function describeFailure(failure: DeliveryError): string {
  const text =
    failure.code && !failure.message.startsWith(failure.code) ? `${failure.code}: ${failure.message}` : failure.message;
  return text.slice(0, 2000);
}

export class TransactionOpenError extends Error {}

/** Delivery is network I/O: it must never run with a transaction open (R30). */
function assertOutsideTransaction(db: Kysely<Database>): void {
  if (db.isTransaction) {
    throw new TransactionOpenError("Mail delivery must not run inside a database transaction");
  }
}

export interface OutboxWorkerOptions {
  db: Kysely<Database>;
  config: Pick<Config, "OUTBOX_POLL_MS" | "SMTP_URL" | "MAIL_FROM" | "SUMMIT_DATA_DIR">;
  log: WorkerLog;
  transportFactory?: TransportFactory;
  now?: () => Date;
  /**
   * Refuse to send while any transaction is open in the process: right for a
   * process that only delivers mail (`outbox work`); in the app process,
   * requests' own transactions are counted instead (R30).
   */
  strictTransactions?: boolean;
}

export interface OutboxWorker {
  /** Stops polling; resolves once the message being sent (if any) has its result recorded. */
  stop(): Promise<void>;
}

/** Polls the outbox every OUTBOX_POLL_MS and delivers what is due, until stopped. */
export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, config, log } = options;
  const transportFactory =
    options.transportFactory ??
    createTransportFactory(config, { strictTransactions: options.strictTransactions ?? false });
  let stopping = false;
  let wake: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    }).finally(() => {
      wake = null;
      if (timer) clearTimeout(timer);
      timer = null;
    });

  log.info({ transport: config.SMTP_URL ? "smtp" : "mailbox", pollMs: config.OUTBOX_POLL_MS }, "outbox worker started");
  const loop = (async () => {
    while (!stopping) {
      let busy = false;
      try {
        const report = await deliverDueMessages(db, {
          transportFactory,
          now: options.now,
          shouldStop: () => stopping,
          log,
        });
        busy = report.claimed >= DEFAULT_MAX_MESSAGES;
      } catch (error) {
        log.error({ err: error }, "outbox worker: batch failed; trying again after the poll interval");
      }
      if (stopping) break;
      // A full batch means more may be waiting: go on without pausing.
      if (!busy) await pause(config.OUTBOX_POLL_MS);
    }
  })();

  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      log.info("outbox worker stopped");
    },
  };
}
