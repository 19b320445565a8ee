// The forms of an item's decision poll: organizers open it (the proposal put,
// open or secret answers), close it and record its result as the tentative
// decision; attendees answer. Each is strict: a field it does not take is refused.
import * as z from "zod/mini";
import { MAX_DECISION, MAX_PROPOSAL, MAX_REASON, POLL_ANSWER_VALUES } from "~/domain/voting/decision-poll";
import { miniTextField } from "./text";

export const OpenPollFormSchema = z.strictObject({
  proposal: miniTextField({
    name: "The proposal",
    max: MAX_PROPOSAL,
    required: "Say what the poll asks people to agree to.",
    multiline: true,
  }),
  secret: z.optional(z.literal("on", { error: "Tick the box, or leave it." })),
});

export const AnswerPollFormSchema = z.strictObject({
  answer: z.enum(POLL_ANSWER_VALUES, { error: "Choose agree, abstain, disagree or block." }),
  reason: z._default(miniTextField({ name: "A reason", max: MAX_REASON, multiline: true }), ""),
});

export const ClosePollFormSchema = z.strictObject({});

export const RecordDecisionFormSchema = z.strictObject({
  decision: miniTextField({
    name: "The decision",
    max: MAX_DECISION,
    required: "Write the decision to record.",
    multiline: true,
  }),
});
