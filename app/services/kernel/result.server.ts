import type { Kysely } from "kysely";
import * as z from "zod/mini";
import type { $ZodType } from "zod/v4/core";
import { getSummitBySlug } from "~db/queries/summit";
import type { Database, Summit } from "~db/schema";
import { fieldErrorsOf, type FieldErrors } from "~/forms/summit";

/**
 * How services answer: a value, or a refusal with an HTTP status, a message
 * and messages for the fields concerned. Routes map a refusal to a response in
 * one way; a service never throws for a refusal the user can correct.
 */
export type RefusalStatus = 400 | 403 | 404 | 409 | 422;

export interface Refusal {
  ok: false;
  status: RefusalStatus;
  message: string;
  /** Messages to show beside the fields they concern. */
  fieldErrors?: FieldErrors;
}

export type Result<T> = { ok: true; value: T } | Refusal;

/** Thrown inside a use case to stop it (rolling back its transaction) and answer with the refusal. */
class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

export function refuse(status: RefusalStatus, message: string, fieldErrors?: FieldErrors): never {
  throw new Refused({ ok: false, status, message, fieldErrors });
}

/** Passes on a refusal another use case returned, stopping this one. */
export function refuseWith(refusal: Refusal): never {
  throw new Refused(refusal);
}

export function isRefusalThrown(error: unknown): boolean {
  return error instanceof Refused;
}

/** The synchronous form of `resultOf`, for checks that touch no database. */
export function resultOfSync<T>(fn: () => T): Result<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
}

/** Runs a use case; a `refuse` inside it becomes the returned refusal. */
export async function resultOf<T>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
}

/** Runs a use case in one transaction: a refusal or an error rolls back every write. */
export function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<Result<T>> {
  return resultOf(() => db.transaction().execute(fn));
}

export const CORRECT_BELOW = "Please correct the fields marked below.";

/** Parses with a schema of either Zod build (classic or mini); a failure refuses with each field's message. */
export function parseOrRefuse<T>(schema: $ZodType<T>, input: unknown): T {
  const parsed = z.safeParse(schema, input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    refuse(400, fieldErrors.form ?? CORRECT_BELOW, fieldErrors);
  }
  return parsed.data;
}

export async function summitOrRefuse(db: Kysely<Database>, slug: string): Promise<Summit> {
  const summit = await getSummitBySlug(db, slug);
  if (!summit) refuse(404, `There is no summit at /summits/${slug}.`);
  return summit;
}
