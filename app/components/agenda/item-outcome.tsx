import type { ItemStatus } from "~/domain/agenda/item-lifecycle";

/**
 * The desired outcome of an item, shown first and larger than anything else
 * about it: it is what the summit is asked for.
 */
export function DesiredOutcome({ kindLabel, text }: { kindLabel: string; text: string }) {
  return (
    <div className="outcome">
      <p className="outcome__kind">{`Desired outcome · ${kindLabel}`}</p>
      <p className="outcome__text">{text}</p>
    </div>
  );
}

const STATUS_TONE: Record<ItemStatus, string> = {
  draft: "badge",
  submitted: "badge",
  accepted: "badge badge--success",
  declined: "badge badge--danger",
  withdrawn: "badge badge--muted",
  merged: "badge badge--muted",
  returned: "badge badge--warning",
};

/** An item's status as a badge; the words carry the meaning, the colour only repeats it. */
export function ItemStatusBadge({ status, label }: { status: ItemStatus; label: string }) {
  return <span className={STATUS_TONE[status]}>{label}</span>;
}
