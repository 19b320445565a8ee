import type { AuditWording } from "../audit/wording";

const message = (d: Record<string, unknown>) =>
  `the ${d.kind === undefined ? "" : `${String(d.kind)} `}mail ${String(d.messageId ?? "")}`.replace(/ +$/, "");

const STATUS_WORDS: Readonly<Record<string, string>> = {
  needs_confirmation: "held for confirmation",
  dead: "given up",
  pending: "waiting to be sent",
  sending: "being sent",
  sent: "sent",
};

/** Mail someone checked by hand: confirmed as arrived, or queued again. */
export const OUTBOX_AUDIT_WORDING: AuditWording = {
  "outbox.confirm": (d) => `confirmed that ${message(d)} arrived`,
  "outbox.resend": (d) => {
    const was = typeof d.previousStatus === "string" ? STATUS_WORDS[d.previousStatus] : undefined;
    return `queued ${message(d)} again${was ? ` (it was ${was})` : ""}`;
  },
};
