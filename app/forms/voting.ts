// The vote's forms: the organizers' set-up, and the ballot. The ballot's fields
// are named by item ("rank-3", "points-3", "approve" once per ticked item), so
// it is read here field by field; what the numbers may be is the domain's
// ballot check, on the server, whatever the browser did.
import * as z from "zod/mini";
import type { BallotInput, VotingMethod, VotingMethodKind } from "~/domain/voting/ballot";
import { MAX_POINTS } from "~/domain/voting/ballot";

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const count = (what: string, max: number) =>
  z.pipe(
    z.transform(blankToUndefined),
    z.optional(
      z.string().check(
        z.trim(),
        z.refine((v) => /^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= max, {
          error: `${what} must be a whole number from 1 to ${max}.`,
        }),
      ),
    ),
  );

/** The set-up: method and its numbers, open or secret ballots, and an optional close (UTC, to the minute). */
export const VoteSetupFormSchema = z
  .strictObject({
    method: z.enum(["approval", "dots", "ranked"], { error: "Choose how the vote is counted." }),
    maxApprovals: count("The number of approvals", 500),
    budget: count("The points each voter has", MAX_POINTS),
    maxPerItem: count("The most points on one item", MAX_POINTS),
    secret: z.optional(z.literal("on", { error: "Tick the box, or leave it." })),
    closesAt: z.pipe(
      z.transform(blankToUndefined),
      z.optional(
        z.string().check(
          z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, {
            error: "Give the close as a date and time, YYYY-MM-DDTHH:MM (UTC).",
          }),
        ),
      ),
    ),
  })
  .check(
    z.refine((v) => v.method !== "approval" || v.maxApprovals !== undefined, {
      path: ["maxApprovals"],
      error: "Say how many items each voter may approve.",
    }),
    z.refine((v) => v.method !== "dots" || (v.budget !== undefined && v.maxPerItem !== undefined), {
      path: ["budget"],
      error: "Say how many points each voter has, and the most on one item.",
    }),
  );

export type VoteSetupValues = z.output<typeof VoteSetupFormSchema>;

export function methodFromSetup(values: VoteSetupValues): VotingMethod {
  switch (values.method) {
    case "approval":
      return { kind: "approval", maxApprovals: Number(values.maxApprovals) };
    case "dots":
      return { kind: "dots", budget: Number(values.budget), maxPerItem: Number(values.maxPerItem) };
    case "ranked":
      return { kind: "ranked" };
  }
}

export type BallotRead = { ok: true; ballot: BallotInput } | { ok: false; message: string };

const WHOLE = /^\d{1,6}$/;

/**
 * The ballot as posted: for ranked ballots a rank per item ("rank-3" = "1";
 * blank is unranked), for dot voting points per item ("points-3" = "2";
 * blank is none), for approval the ticked items ("approve" = "3", repeated).
 * Any other field, or a value that is not a whole number, refuses the form.
 */
export function readBallotForm(method: VotingMethodKind, formData: FormData): BallotRead {
  const numbers = new Map<number, number>();
  const seen = new Set<string>();
  const approved: number[] = [];
  for (const [name, raw] of formData.entries()) {
    if (name === "intent") continue;
    if (typeof raw !== "string") return { ok: false, message: `The field “${name}” must be text.` };
    const value = raw.trim();
    if (method === "approval" && name === "approve") {
      if (!WHOLE.test(value)) return { ok: false, message: "An approved item is named by its number." };
      approved.push(Number(value));
      continue;
    }
    const match = /^(rank|points)-(\d{1,6})$/.exec(name);
    const expected = method === "ranked" ? "rank" : "points";
    if (!match || match[1] !== expected) return { ok: false, message: `This ballot has no field “${name}”.` };
    const item = Number(match[2]);
    if (seen.has(name)) return { ok: false, message: `The field “${name}” was sent more than once.` };
    seen.add(name);
    if (value === "") continue;
    if (!WHOLE.test(value)) {
      return {
        ok: false,
        message: `The ${expected === "rank" ? "rank" : "points"} of item ${item} must be a whole number.`,
      };
    }
    numbers.set(item, Number(value));
  }
  if (method === "approval") return { ok: true, ballot: { kind: "approval", approved } };
  if (method === "dots")
    return { ok: true, ballot: { kind: "dots", points: new Map([...numbers].filter(([, p]) => p > 0)) } };
  return { ok: true, ballot: { kind: "ranked", ranks: numbers } };
}
