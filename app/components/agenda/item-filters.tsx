import { Form, Link } from "@remix-run/react";
import { FormActions, SubmitButton } from "../form-field";

export interface FilterOption {
  value: string;
  label: string;
}

/** The filters as the address gave them, for the controls to show. */
export interface ShownFilters {
  status: string;
  kind: string;
  lead: string;
  q: string;
  /** Only on the list, which sorts. */
  sort?: string;
}

interface ItemFiltersProps {
  /** The page the filters apply to. */
  action: string;
  filters: ShownFilters;
  statuses: readonly FilterOption[];
  kinds: readonly FilterOption[];
  /** The link that clears the filters, when any is set. */
  clearHref: string | null;
  /** Changes when the address does, so the controls show it again after back or a pager link. */
  resetKey: string;
}

/**
 * The filters of a page of items, sent as a plain GET form so they work
 * without scripts and the address can be shared: status, kind of outcome, the
 * lead's name and words, and (on the list) the order.
 */
export function ItemFilters({ action, filters, statuses, kinds, clearHref, resetKey }: ItemFiltersProps) {
  return (
    <Form method="get" action={action} className="filters" key={resetKey} aria-label="Filter the items">
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" name="status" defaultValue={filters.status}>
          {statuses.map((status) => (
            <option key={status.value} value={status.value}>
              {status.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-kind">Kind of outcome</label>
        <select id="filter-kind" name="kind" defaultValue={filters.kind}>
          <option value="">Any kind</option>
          {kinds.map((kind) => (
            <option key={kind.value} value={kind.value}>
              {kind.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-lead">Discussion lead</label>
        <input
          id="filter-lead"
          name="lead"
          type="search"
          maxLength={100}
          defaultValue={filters.lead}
          aria-describedby="filter-lead-hint"
        />
        <p className="hint" id="filter-lead-hint">
          Part of a name, such as “bonzini”.
        </p>
      </div>
      <div className="field">
        <label htmlFor="filter-q">Search</label>
        <input
          id="filter-q"
          name="q"
          type="search"
          maxLength={200}
          defaultValue={filters.q}
          aria-describedby="filter-q-hint"
        />
        <p className="hint" id="filter-q-hint">
          Words in the title, desired outcome or background.
        </p>
      </div>
      {filters.sort !== undefined ? (
        <div className="field">
          <label htmlFor="filter-sort">Sort by</label>
          <select id="filter-sort" name="sort" defaultValue={filters.sort}>
            <option value="newest">Newest first</option>
            <option value="cosponsors">Most co-sponsored</option>
          </select>
        </div>
      ) : null}
      <FormActions>
        <SubmitButton variant="secondary">Apply</SubmitButton>
        {clearHref ? <Link to={clearHref}>Clear the filters</Link> : null}
      </FormActions>
    </Form>
  );
}

export function itemsText(count: number): string {
  return `${count} item${count === 1 ? "" : "s"}`;
}

/** "3 of 40 items match the filters · showing 1 to 3", or "40 items" when nothing is filtered. */
export function ItemCount(props: {
  total: number;
  /** Every item the page could show, filtered or not. */
  all: number;
  filtered: boolean;
  /** The position of the page's first item, and how many it shows. */
  first: number;
  shown: number;
  paged: boolean;
}) {
  const { total, all, filtered } = props;
  return (
    <p className="items-count">
      {filtered ? `${total} of ${itemsText(all)} ${total === 1 ? "matches" : "match"} the filters` : itemsText(total)}
      {props.paged && props.shown > 0 ? ` · showing ${props.first} to ${props.first + props.shown - 1}` : ""}
    </p>
  );
}

/** Links to the previous and next pages, for a page of items that has more than one. */
export function Pager({
  page,
  pageCount,
  hrefOf,
}: {
  page: number;
  pageCount: number;
  hrefOf: (page: number) => string;
}) {
  return (
    <nav aria-label="Pages" className="pager">
      {page > 1 ? (
        <Link to={hrefOf(page - 1)} rel="prev">
          Previous page
        </Link>
      ) : null}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={hrefOf(page + 1)} rel="next">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}

/** What a page past the last one says, with the way back. */
export function PastTheEnd({ page, lastHref, pageCount }: { page: number; lastHref: string; pageCount: number }) {
  return (
    <p>
      There is no page {page}. <Link to={lastHref}>Go to the last page (page {pageCount})</Link>.
    </p>
  );
}
