// Test-only routes under /__test/, mounted only when SUMMIT_TEST_ROUTES=1 (loopback
// origins only, see config). Browser tests cannot open the server's embedded
// database, so they create their users, summits and roles here and read the mail
// the app queued. Mounted after the CSRF origin gate: POSTs need the app's Origin.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import type { DatabaseHandle } from "~db/client";
import { insertAcceptedInvitation } from "~db/queries/invitation";
import { grantSummitRole } from "~db/queries/summit-role";
import { sessionSettingsFrom } from "~/auth/settings";
import { startSession } from "~/auth/session.server";
import { PHASE_ORDER } from "~/domain/summit/phases";
import type { Config } from "~/lib/config.server";

export interface TestRouteDependencies {
  database: DatabaseHandle;
  config: Config;
}

const Email = z
  .email()
  .max(254)
  .transform((value) => value.toLowerCase());

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD");

const CreateUserSchema = z
  .object({
    email: Email,
    displayName: z.string().trim().min(1).max(100).optional(),
    isAdmin: z.boolean().optional(),
    /** Start a session and send its cookie (default true). */
    signIn: z.boolean().optional(),
  })
  .strict();

const CreateSummitSchema = z
  .object({
    slug: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lowercase words joined by hyphens")
      .max(80),
    title: z.string().trim().min(1).max(200),
    startsOn: DateOnly,
    endsOn: DateOnly,
    timezone: z.string().min(1).max(64).default("UTC"),
    venue: z.string().max(200).default(""),
    listAddress: Email,
    signOff: z.string().max(500).default(""),
    phase: z.enum(PHASE_ORDER).default("draft"),
    isPublic: z.boolean().default(false),
  })
  .strict();

const GrantRoleSchema = z
  .object({
    slug: z.string().min(1).max(80),
    email: Email,
    role: z.enum(["organizer", "minute_taker"]),
  })
  .strict();

const ExpireTokensSchema = z.object({ email: Email }).strict();

const AddAttendeeSchema = z.object({ slug: z.string().min(1).max(80), email: Email }).strict();

const SummitSettingsSchema = z
  .object({ slug: z.string().min(1).max(80), phase: z.enum(PHASE_ORDER).optional(), isPublic: z.boolean().optional() })
  .strict();

const LatestMailQuery = z.object({ to: Email }).strict();

type Handler = (req: Request, res: Response) => Promise<void>;

/** Bad bodies get a 400 naming the field; anything else thrown goes to the app's error handler. */
function route(handler: Handler) {
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch((error: unknown) => {
      if (error instanceof z.ZodError) {
        const issue = error.issues[0];
        res.status(400).json({ error: `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}` });
        return;
      }
      next(error);
    });
  };
}

export function mountTestRoutes(app: Express, deps: TestRouteDependencies): void {
  const { database, config } = deps;
  const db = database.db;
  const sessionSettings = sessionSettingsFrom(config);
  const router = express.Router();
  router.use(express.json({ limit: "16kb" }));

  // Creates the user if missing (an existing one keeps its name unless one is given)
  // and, unless signIn is false, starts a session whose cookie is sent back.
  router.post(
    "/users",
    route(async (req, res) => {
      const input = CreateUserSchema.parse(req.body);
      const user = await db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom("app_user")
          .selectAll()
          .where("email", "=", input.email)
          .executeTakeFirst();
        if (existing) {
          if (input.displayName === undefined && input.isAdmin === undefined) return existing;
          return trx
            .updateTable("app_user")
            .set({
              display_name: input.displayName ?? existing.display_name,
              is_admin: input.isAdmin ?? existing.is_admin,
            })
            .where("id", "=", existing.id)
            .returningAll()
            .executeTakeFirstOrThrow();
        }
        return trx
          .insertInto("app_user")
          .values({
            email: input.email,
            display_name: input.displayName ?? input.email.split("@")[0]!,
            is_admin: input.isAdmin ?? false,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      });
      if (input.signIn !== false) res.append("Set-Cookie", await startSession(db, sessionSettings, user.id));
      res.status(201).json({ id: user.id, email: user.email, displayName: user.display_name, isAdmin: user.is_admin });
    }),
  );

  router.post(
    "/summits",
    route(async (req, res) => {
      const input = CreateSummitSchema.parse(req.body);
      const summit = await db
        .insertInto("summit")
        .values({
          slug: input.slug,
          title: input.title,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          timezone: input.timezone,
          venue: input.venue,
          list_address: input.listAddress,
          sign_off: input.signOff,
          phase: input.phase,
          is_public: input.isPublic,
        })
        .onConflict((oc) => oc.column("slug").doNothing())
        .returning(["id", "slug"])
        .executeTakeFirst();
      if (!summit) {
        res.status(409).json({ error: `slug: a summit with slug ${input.slug} exists` });
        return;
      }
      res.status(201).json(summit);
    }),
  );

  router.post(
    "/summit-roles",
    route(async (req, res) => {
      const input = GrantRoleSchema.parse(req.body);
      const summit = await db.selectFrom("summit").select("id").where("slug", "=", input.slug).executeTakeFirst();
      const user = await db.selectFrom("app_user").select("id").where("email", "=", input.email).executeTakeFirst();
      if (!summit || !user) {
        res.status(404).json({ error: summit ? `email: no user ${input.email}` : `slug: no summit ${input.slug}` });
        return;
      }
      await grantSummitRole(db, { summitId: summit.id, userId: user.id, role: input.role });
      res.status(201).json({ slug: input.slug, email: input.email, role: input.role });
    }),
  );

  // An attendee without the invitation round trip: an accepted invitation bound to an existing user.
  router.post(
    "/attendees",
    route(async (req, res) => {
      const input = AddAttendeeSchema.parse(req.body);
      const summit = await db.selectFrom("summit").select("id").where("slug", "=", input.slug).executeTakeFirst();
      const user = await db
        .selectFrom("app_user")
        .select(["id", "display_name"])
        .where("email", "=", input.email)
        .executeTakeFirst();
      if (!summit || !user) {
        res.status(404).json({ error: summit ? `email: no user ${input.email}` : `slug: no summit ${input.slug}` });
        return;
      }
      await insertAcceptedInvitation(db, {
        summitId: summit.id,
        email: input.email,
        name: user.display_name,
        userId: user.id,
        reasons: ["added by a browser test"],
        now: new Date(),
      });
      res.status(201).json({ slug: input.slug, email: input.email });
    }),
  );

  // Moves a summit to a phase (skipping the organizers' steps) or changes its visibility.
  router.post(
    "/summit-settings",
    route(async (req, res) => {
      const input = SummitSettingsSchema.parse(req.body);
      const result = await db
        .updateTable("summit")
        .set({
          ...(input.phase ? { phase: input.phase } : {}),
          ...(input.isPublic !== undefined ? { is_public: input.isPublic } : {}),
        })
        .where("slug", "=", input.slug)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) {
        res.status(404).json({ error: `slug: no summit ${input.slug}` });
        return;
      }
      res.json({ slug: input.slug });
    }),
  );

  // Makes every unused sign-in link of an address expired, as if ten minutes had passed.
  router.post(
    "/sign-in-tokens/expire",
    route(async (req, res) => {
      const input = ExpireTokensSchema.parse(req.body);
      const past = new Date(Date.now() - 60_000);
      const result = await db
        .updateTable("sign_in_token")
        .set({ expires_at: past, created_at: new Date(past.getTime() - 10 * 60_000) })
        .where("email", "=", input.email)
        .where("used_at", "is", null)
        .executeTakeFirst();
      res.json({ expired: Number(result.numUpdatedRows) });
    }),
  );

  // The newest outbox message to an address, and once delivered to the mailbox
  // folder, the .eml file as written.
  router.get(
    "/mail/latest",
    route(async (req, res) => {
      const { to } = LatestMailQuery.parse(req.query);
      const message = await db
        .selectFrom("outbox")
        .select([
          "id",
          "message_id",
          "kind",
          "recipient",
          "subject",
          "body",
          "status",
          "created_at",
          "sent_at",
          "last_error",
        ])
        .where("recipient", "=", to)
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .executeTakeFirst();
      if (!message) {
        res.status(404).json({ error: `no mail to ${to}` });
        return;
      }
      const eml =
        message.status === "sent"
          ? await findDeliveredFile(join(config.SUMMIT_DATA_DIR, "mailbox"), message.message_id)
          : null;
      res.json({
        messageId: message.message_id,
        kind: message.kind,
        recipient: message.recipient,
        subject: message.subject,
        body: message.body,
        status: message.status,
        createdAt: message.created_at.toISOString(),
        sentAt: message.sent_at ? message.sent_at.toISOString() : null,
        lastError: message.last_error,
        eml,
      });
    }),
  );

  router.use((_req, res) => {
    res.status(404).json({ error: "no such test route" });
  });
  // A body that is not JSON (or too large) is the caller's mistake, not a server error.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      res.status(status).json({ error: `body: ${(error as Error).message}` });
      return;
    }
    next(error);
  });

  app.use("/__test", router);
}

/** The delivered .eml carrying this Message-ID, if the mailbox folder has it. */
async function findDeliveredFile(mailbox: string, messageId: string): Promise<{ file: string; text: string } | null> {
  let names: string[];
  try {
    names = await readdir(mailbox);
  } catch {
    return null;
  }
  for (const name of names
    .filter((n) => n.endsWith(".eml"))
    .sort()
    .reverse()) {
    const text = await readFile(join(mailbox, name), "utf8");
    const end = text.search(/\r?\n\r?\n/);
    const header = end === -1 ? text : text.slice(0, end);
    if (header.includes(messageId)) return { file: name, text };
  }
  return null;
}
