import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { groupItemsText, TRIAGE_GROUPS, type GroupPlace, type TriageStatus } from "~/domain/agenda/triage";
import { ItemList } from "./item-list";

/**
 * The triage page's four groups, each under its heading with how many items
 * it holds: the page's items of the statuses shown, and for the others a link
 * to the view that shows them (or, for a group on other pages, to its page).
 */
export function TriageGroups<Item extends { number: number; status: string }>(props: {
  groups: readonly GroupPlace[];
  items: readonly Item[];
  /** The view showing only this status. */
  viewHref: (status: TriageStatus) => string;
  /** This view at another page. */
  pageHref: (page: number) => string;
  renderItem: (item: Item) => ReactNode;
}) {
  return (
    <>
      {props.groups.map((group) => {
        const { heading, empty } = TRIAGE_GROUPS[group.status];
        const headingId = `triage-${group.status}`;
        const items = props.items.filter((item) => item.status === group.status);
        let body: ReactNode;
        if (group.count === 0) body = <p className="muted">{empty}</p>;
        else if (!group.shown) {
          body = (
            <p className="muted">
              <Link to={props.viewHref(group.status)}>Show {groupItemsText(group.status, group.count)}</Link>
            </p>
          );
        } else if (items.length === 0 && group.firstPage !== null) {
          const pages =
            group.firstPage === group.lastPage
              ? `page ${group.firstPage}`
              : `pages ${group.firstPage} to ${group.lastPage}`;
          body = (
            <p className="muted">
              On {pages}: <Link to={props.pageHref(group.firstPage)}>go to page {group.firstPage}</Link>.
            </p>
          );
        } else {
          body = <ItemList labelledBy={headingId}>{items.map(props.renderItem)}</ItemList>;
        }
        return (
          <section key={group.status} aria-labelledby={headingId}>
            <h3 id={headingId}>
              {heading} ({group.count})
            </h3>
            {body}
          </section>
        );
      })}
    </>
  );
}
