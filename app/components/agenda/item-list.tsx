import type { ReactNode } from "react";
import { useInAppLinks } from "~/components/in-app-links";
import type { ItemStatus } from "~/domain/agenda/item-lifecycle";
import { DesiredOutcome, ItemStatusBadge } from "./item-outcome";

/** What a list shows of an item: enough to judge it without opening it. */
export interface ItemSummary {
  number: number;
  title: string;
  outcomeKindLabel: string;
  desiredOutcome: string;
  status: ItemStatus;
  statusLabel: string;
  minutesNeeded: number;
  cosponsorCount: number;
  leadName: string;
  proposerName?: string;
}

/** The anchor of an item in a list, for links and for coming back after a form. */
export function itemAnchor(number: number): string {
  return `item-${number}`;
}

function cosponsorText(count: number): string {
  if (count === 0) return "no co-sponsors yet";
  return `+${count} co-sponsor${count === 1 ? "" : "s"}`;
}

interface ItemListEntryProps {
  item: ItemSummary;
  /** The item's page. */
  href: string;
  /** The heading level of the item's title, below the list's own heading. */
  headingLevel: 3 | 4;
  /** Show who proposed the item (the organizers' view). */
  showProposer?: boolean;
  /** Show its status (not where a heading above says it already). */
  showStatus?: boolean;
  /** What follows the item's facts: a note, the organizers' forms. */
  children?: ReactNode;
}

/**
 * One item in a list: its number and title, its status, then its desired
 * outcome, larger than anything else, then who leads, how long and how many
 * back it.
 */
export function ItemListEntry({
  item,
  href,
  headingLevel,
  showProposer = false,
  showStatus = true,
  children,
}: ItemListEntryProps) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <li className="item-card" id={itemAnchor(item.number)}>
      <div className="item-card__header">
        <Heading className="item-card__title">
          <a href={href}>
            <span className="item-card__number">{`#${item.number}`}</span>
            {` ${item.title}`}
          </a>
        </Heading>
        {showStatus ? <ItemStatusBadge status={item.status} label={item.statusLabel} /> : null}
      </div>
      <DesiredOutcome text={item.desiredOutcome} kindLabel={item.outcomeKindLabel} />
      <p className="item-card__meta muted">
        {showProposer && item.proposerName ? <span>{`Proposed by ${item.proposerName}`}</span> : null}
        <span>{`Lead: ${item.leadName}`}</span>
        <span>{`${item.minutesNeeded} minutes`}</span>
        <span>{cosponsorText(item.cosponsorCount)}</span>
      </p>
      {children}
    </li>
  );
}

/**
 * A list of items; each entry is an {@link ItemListEntry}. Its links are plain
 * anchors that navigate inside the app (see {@link useInAppLinks}).
 */
export function ItemList({ children, labelledBy }: { children: ReactNode; labelledBy?: string }) {
  const links = useInAppLinks<HTMLUListElement>();
  return (
    <ul className="item-list" aria-labelledby={labelledBy} ref={links}>
      {children}
    </ul>
  );
}
