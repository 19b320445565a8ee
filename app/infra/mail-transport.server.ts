import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import nodemailer from "nodemailer";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import SMTPConnection, { type SMTPConnectionOptions } from "nodemailer/lib/smtp-connection";
import { openTransactionCount } from "~db/transaction-monitor";
import { normalizeEmailAddress } from "~/domain/people/email-address";
import { sanitizeSubject } from "../services/kernel/mail.server";

/** What the transport needs of an outbox row. */
export interface OutgoingMessage {
  id: string;
  /** Fixed when the message was queued; the same on every attempt. */
  messageId: string;
  recipient: string;
  subject: string;
  body: string;
  /** The Date header: when the message was queued, so every attempt carries the same bytes. */
  createdAt: Date;
}

export interface DeliveryReceipt {
  /** The server's final reply (or where the mailbox file was written). */
  response: string;
}

/** A failed delivery, described as plain data for `classifyDeliveryFailure`. */
export class DeliveryError extends Error {
  readonly code: string | null;
  readonly responseCode: number | null;
  readonly command: string | null;
  /** True once message data began to go to the server: it may have it. */
  readonly dataPhaseReached: boolean;

  constructor(
    message: string,
    details: { code?: string | null; responseCode?: number | null; command?: string | null; dataPhaseReached: boolean },
  ) {
    super(message);
    this.name = "DeliveryError";
    this.code = details.code ?? null;
    this.responseCode = details.responseCode ?? null;
    this.command = details.command ?? null;
    this.dataPhaseReached = details.dataPhaseReached;
  }
}

export interface MailTransport {
  readonly kind: "smtp" | "mailbox";
  deliver(message: OutgoingMessage): Promise<DeliveryReceipt>;
}

export type TransportFactory = () => MailTransport;

let sendsWithOpenTransaction = 0;

/** How many deliveries in this process began while a database transaction was open (R30: should stay 0). */
export function sendsStartedWithOpenTransaction(): number {
  return sendsWithOpenTransaction;
}

/**
 * R30: no transaction may stay open across a delivery. The monitor counts the
 * transactions open in the whole process, so the check can only be strict
 * where mail is the process's only work (`outbox work`, tests). In the app
 * process a request's own short transaction may be open at that moment on
 * another connection, which is no fault of the delivery: there it is counted,
 * not refused.
 */
function checkNoOpenTransaction(strict: boolean): void {
  const open = openTransactionCount();
  if (open === 0) return;
  sendsWithOpenTransaction++;
  if (strict) {
    throw new DeliveryError(`Refusing to deliver while ${open} database transaction(s) are open`, {
      code: "ETXOPEN",
      dataPhaseReached: false,
    });
  }
}

/**
 * The message is composed by nodemailer's stream transport, so SMTP delivery
 * and the mailbox folder carry the very same RFC 5322 bytes. File and URL
 * access are off: no content of ours names a file or a URL to fetch, and none
 * must ever be followed (R40).
 */
export const MESSAGE_COMPOSER_OPTIONS = {
  streamTransport: true,
  buffer: true,
  newline: "windows",
  disableFileAccess: true,
  disableUrlAccess: true,
} as const;

const composer = nodemailer.createTransport({ ...MESSAGE_COMPOSER_OPTIONS });

export interface ComposedMessage {
  raw: Buffer;
  envelope: { from: string; to: [string] };
}

/**
 * Builds the message: headers Message-ID, Date, From, To, Subject and a
 * plain-text UTF-8 body, nothing else. The recipient is checked again as a
 * plain address and the subject reduced to one line, whatever the row holds.
 */
export async function composeMessage(message: OutgoingMessage, from: string): Promise<ComposedMessage> {
  const recipient = normalizeEmailAddress(message.recipient);
  if (!recipient.ok) {
    throw new DeliveryError(`Refusing to send to ${JSON.stringify(message.recipient)}: ${recipient.reason}`, {
      code: "EENVELOPE",
      dataPhaseReached: false,
    });
  }
  const sender = normalizeEmailAddress(from);
  if (!sender.ok) {
    throw new DeliveryError(`The sender address is not a plain address: ${sender.reason}`, {
      code: "ECONFIG",
      dataPhaseReached: false,
    });
  }
  const info = await composer.sendMail({
    from: sender.address,
    to: recipient.address,
    // An empty subject would drop the header altogether; every message carries the same set.
    subject: sanitizeSubject(message.subject) || "(no subject)",
    text: normalizeMailBody(message.body),
    textEncoding: "quoted-printable",
    messageId: message.messageId,
    date: message.createdAt,
  });
  if (!Buffer.isBuffer(info.message)) throw new Error("The message composer did not return a buffer");
  return { raw: info.message, envelope: { from: sender.address, to: [recipient.address] } };
}

/**
 * SMTP forbids a bare CR or LF, so every line break becomes one LF here (CRLF
 * on the wire), and a message ends with a line break (an empty one would lose
 * its charset and transfer-encoding headers).
 */
export function normalizeMailBody(body: string): string {
  const lines = body.replace(/\r\n?/g, "\n");
  return lines.endsWith("\n") ? lines : `${lines}\n`;
}

export interface SmtpTransportOptions {
  /** smtp://user:pass@host:port or smtps://... */
  url: string;
  from: string;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  /** Inactivity on the socket; after the data, the wait for the server's final reply. */
  socketTimeoutMs?: number;
  /** The whole delivery, however slowly the server trickles; keeps a worker within its lease. */
  deadlineMs?: number;
  /** Refuse to deliver while any transaction is open in this process (see checkNoOpenTransaction). */
  strictTransactions?: boolean;
}

export const DEFAULT_SMTP_TIMEOUTS = {
  connectionTimeoutMs: 30_000,
  greetingTimeoutMs: 30_000,
  socketTimeoutMs: 60_000,
  deadlineMs: 120_000,
} as const;

/**
 * One SMTP connection per message, through nodemailer's SMTP client. The
 * client is driven directly rather than through `createTransport(url)` because
 * the transport reports a connection lost before MAIL FROM and one lost after
 * the message data alike (ECONNECTION or ETIMEDOUT, command "CONN"), and only
 * the second may have delivered the message. The body is handed over as a
 * stream that is read only once the server has answered DATA with 354, and
 * reading it is what marks the data phase.
 */
export function createSmtpTransport(options: SmtpTransportOptions): MailTransport {
  const fromUrl = parseConnectionUrl(options.url);
  const { auth, ...connection } = fromUrl;
  const timeouts = { ...DEFAULT_SMTP_TIMEOUTS, ...definedOnly(options) };
  const connectionOptions: SMTPConnectionOptions = {
    ...(connection as SMTPConnectionOptions),
    connectionTimeout: timeouts.connectionTimeoutMs,
    greetingTimeout: timeouts.greetingTimeoutMs,
    socketTimeout: timeouts.socketTimeoutMs,
    logger: false,
  };
  return {
    kind: "smtp",
    async deliver(message) {
      const composed = await composeMessage(message, options.from);
      checkNoOpenTransaction(options.strictTransactions ?? false);
      return sendOverSmtp(connectionOptions, auth, composed, timeouts.deadlineMs);
    },
  };
}

function definedOnly(options: SmtpTransportOptions): Partial<typeof DEFAULT_SMTP_TIMEOUTS> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(DEFAULT_SMTP_TIMEOUTS) as (keyof typeof DEFAULT_SMTP_TIMEOUTS)[]) {
    const value = options[key];
    if (typeof value === "number") out[key] = value;
  }
  return out;
}

interface NodemailerErrorFields {
  code?: string;
  responseCode?: number;
  command?: string;
  message?: string;
}

function sendOverSmtp(
  options: SMTPConnectionOptions,
  auth: { user: string; pass: string } | undefined,
  composed: ComposedMessage,
  deadlineMs: number,
): Promise<DeliveryReceipt> {
  return new Promise((resolvePromise, reject) => {
    let dataPhaseReached = false;
    let settled = false;
    let pushed = false;
    const body = new Readable({
      read() {
        if (pushed) return;
        pushed = true;
        dataPhaseReached = true;
        this.push(composed.raw);
        this.push(null);
      },
    });
    const connection = new SMTPConnection(options);

    const finish = (error: NodemailerErrorFields | null, response?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error) {
        connection.close();
        reject(
          new DeliveryError(describeSmtpError(error), {
            code: error.code ?? null,
            responseCode: error.responseCode ?? null,
            command: error.command ?? null,
            dataPhaseReached,
          }),
        );
      } else {
        connection.quit();
        resolvePromise({ response: response ?? "" });
      }
    };

    const deadline = setTimeout(() => {
      finish({ code: "ETIMEDOUT", message: `Delivery did not finish within ${deadlineMs} ms`, command: "CONN" });
    }, deadlineMs);

    // Kept for the connection's whole life: a late error after the result is settled is ignored, not thrown.
    connection.on("error", (error: NodemailerErrorFields) => finish(error));

    const send = () => {
      connection.send(composed.envelope, body, (error, info) => {
        if (error) finish(error);
        else finish(null, info?.response);
      });
    };

    connection.connect((error) => {
      if (error) return finish(error);
      if (auth && connection.allowsAuth) {
        connection.login({ user: auth.user, credentials: { user: auth.user, pass: auth.pass } }, (loginError) => {
          if (loginError) finish(loginError);
          else send();
        });
      } else {
        send();
      }
    });
  });
}

function describeSmtpError(error: NodemailerErrorFields): string {
  const parts = [error.code, error.command ? `during ${error.command}` : null].filter(Boolean).join(" ");
  const text = (error.message ?? "unknown error").replace(/\s+/g, " ").slice(0, 1000);
  return parts ? `${parts}: ${text}` : text;
}

export interface MailboxTransportOptions {
  /** The folder the .eml files go to (created when missing). */
  dir: string;
  from: string;
  strictTransactions?: boolean;
}

/**
 * Without SMTP, each message becomes one `.eml` file, named by its queue time
 * and outbox id. It is written to a temporary name, flushed, and renamed into
 * place, so a crash leaves either the whole file or none; delivering the same
 * message again replaces the file rather than adding a copy.
 */
export function createMailboxTransport(options: MailboxTransportOptions): MailTransport {
  const dir = resolve(options.dir);
  return {
    kind: "mailbox",
    async deliver(message) {
      const composed = await composeMessage(message, options.from);
      checkNoOpenTransaction(options.strictTransactions ?? false);
      const name = mailboxFileName(message);
      const temporary = join(dir, `.${name}.${randomBytes(6).toString("hex")}.tmp`);
      try {
        await mkdir(dir, { recursive: true });
        const file = await open(temporary, "wx", 0o600);
        try {
          await file.writeFile(composed.raw);
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temporary, join(dir, name));
        await syncDirectory(dir);
      } catch (error) {
        await rm(temporary, { force: true });
        const code = (error as NodeJS.ErrnoException).code ?? null;
        throw new DeliveryError(`Could not write ${name}: ${(error as Error).message}`, {
          code,
          dataPhaseReached: false,
        });
      }
      return { response: `250 written to mailbox/${name}` };
    },
  };
}

/** e.g. 20261126T100000.000Z-<outbox id>.eml: sorts by time, one file per message. */
export function mailboxFileName(message: Pick<OutgoingMessage, "id" | "createdAt">): string {
  const stamp = message.createdAt.toISOString().replace(/[-:]/g, "");
  return `${stamp}-${message.id}.eml`;
}

async function syncDirectory(dir: string): Promise<void> {
  // The rename is durable only once the folder itself is flushed.
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface TransportConfig {
  SMTP_URL?: string;
  MAIL_FROM: string;
  SUMMIT_DATA_DIR: string;
}

/** SMTP when SMTP_URL is set, otherwise the mailbox folder under the data folder. */
export function createTransportFactory(
  config: TransportConfig,
  options: { strictTransactions?: boolean } = {},
): TransportFactory {
  const { SMTP_URL: url } = config;
  const strictTransactions = options.strictTransactions ?? false;
  if (url) return () => createSmtpTransport({ url, from: config.MAIL_FROM, strictTransactions });
  const dir = mailboxDirectory(config.SUMMIT_DATA_DIR);
  return () => createMailboxTransport({ dir, from: config.MAIL_FROM, strictTransactions });
}

export function mailboxDirectory(dataDir: string): string {
  return join(resolve(dataDir), "mailbox");
}
