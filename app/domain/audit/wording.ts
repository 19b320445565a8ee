/**
 * How an audit entry reads on the organizers' page: each feature registers
 * one sentence per action it records, beside its own rules, and the registry
 * puts them together. A sentence is a verb phrase that follows the actor's
 * name ("Peter Maydell: named Stefan Hajnoczi (…) minute-taker"), built from
 * the entry's detail alone.
 */
export type AuditWording = Record<string, (detail: Record<string, unknown>) => string>;

/** "Gerd Hoffmann (gerd.hoffmann@example.org)", from an entry's displayName and email. */
export function personText(detail: Record<string, unknown>): string {
  return `${String(detail.displayName ?? "")} (${String(detail.email ?? "")})`;
}

/** A name and an address, or the address alone when there is no name. */
export function nameAndEmail(name: unknown, email: unknown): string {
  const who = typeof name === "string" ? name.trim() : "";
  const address = String(email ?? "");
  return who === "" ? address : `${who} (${address})`;
}

/** "1 item", "3 items": a count from an entry's detail, with its noun. */
export function countText(value: unknown, one: string, many: string): string {
  const n = Number(value ?? 0);
  return `${n} ${n === 1 ? one : many}`;
}

/** Actions without their own sentence read from their name: "invitation.resent" → "invitation resent". */
export function describeAction(action: string): string {
  return action.replace(/[._]/g, " ");
}

/** The sentence of one audit entry: its action's own, or its name read as words. */
export function describeAuditEntry(
  wording: AuditWording,
  action: string,
  detail: Record<string, unknown> | null | undefined,
): string {
  const sentence = Object.hasOwn(wording, action) ? wording[action] : undefined;
  return sentence ? sentence(detail ?? {}) : describeAction(action);
}

/**
 * The features' wordings as one. Each action belongs to one feature: an
 * action two features register throws, naming both.
 */
export function combineAuditWording(features: Readonly<Record<string, AuditWording>>): Readonly<AuditWording> {
  const combined: AuditWording = {};
  const owner = new Map<string, string>();
  for (const [feature, wording] of Object.entries(features)) {
    for (const [action, sentence] of Object.entries(wording)) {
      const first = owner.get(action);
      if (first !== undefined) {
        throw new Error(`The audit action ${action} is worded by both ${first} and ${feature}; one feature owns it.`);
      }
      owner.set(action, feature);
      // Defined, not assigned, so that no action name ("__proto__") reaches the object's prototype.
      Object.defineProperty(combined, action, { value: sentence, enumerable: true });
    }
  }
  return Object.freeze(combined);
}
