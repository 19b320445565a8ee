import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireSummit, requireUser } from "~/auth/guards.server";
import { FormActions, SubmitButton } from "~/components/form-field";
import { ItemList, ItemListEntry } from "~/components/item-list";
import { Notice } from "~/components/notice";
import { ITEM_STATUS_LABELS, ITEM_STATUSES } from "~/domain/agenda/item-lifecycle";
import { ITEM_PAGE_SIZE, ItemListQuerySchema, type ItemListQuery } from "~/forms/agenda-item";
import { noticeFrom, refusalResponse } from "~/lib/http";
import { getItemListPage } from "~/services/agenda/agenda-items.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Agenda items of ${data.summit.title} · Summit` : "Agenda items · Summit" },
];

const NOTICES = {
  withdrawn: "The item has been withdrawn.",
} as const;

/**
 * The summit's items as the viewer may see them: participants every item but
 * others' drafts, visitors of a public summit the accepted ones once the
 * agenda is published. Anyone else signs in first, or is refused.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const { summit, standing } = await requireSummit(context, slug);
  const url = new URL(request.url);
  // Unknown or malformed filters fall back to none: these addresses are shared and edited by hand.
  const query = ItemListQuerySchema.parse(Object.fromEntries(url.searchParams));
  const result = await getItemListPage(context.db, { summit, standing, query });
  if (!result.ok) {
    if (result.status === 403) await requireUser(context, request);
    throw refusalResponse(result);
  }
  return json({
    summit: { slug: summit.slug, title: summit.title },
    query: {
      status: query.status ?? "",
      kind: query.kind ?? "",
      lead: query.lead ?? "",
      q: query.q,
      sort: query.sort,
      page: query.page,
    },
    ...result.value,
    notice: noticeFrom(url, NOTICES)?.text ?? null,
  });
}

type ShownQuery = { status: string; kind: string; lead: string; q: string; sort: ItemListQuery["sort"]; page: number };

/** The list's address with these filters; defaults are left out so addresses stay short. */
function listHref(base: string, query: ShownQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.status) params.set("status", query.status);
  if (query.kind) params.set("kind", query.kind);
  if (query.lead) params.set("lead", query.lead);
  if (query.q) params.set("q", query.q);
  if (query.sort !== "newest") params.set("sort", query.sort);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}

function itemsText(count: number): string {
  return `${count} item${count === 1 ? "" : "s"}`;
}

export default function ItemListPage() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const base = `/summits/${data.summit.slug}/items`;
  const { query } = data;
  const filtered = Boolean(query.status || query.kind || query.lead || query.q);
  const pastTheEnd = data.items.length === 0 && data.total > 0;
  const first = (data.page - 1) * ITEM_PAGE_SIZE + 1;
  const cleared = listHref(base, { ...query, status: "", kind: "", lead: "", q: "" }, 1);

  return (
    <section aria-labelledby="items-heading">
      {data.notice ? <Notice tone="success">{data.notice}</Notice> : null}
      <div className="items-heading">
        <h2 id="items-heading">Agenda items</h2>
        {data.viewer.mayPropose ? (
          <Link className="button" to={`${base}/new`}>
            Propose an item
          </Link>
        ) : null}
      </div>
      {data.viewer.isParticipant ? null : data.viewer.signedIn ? (
        <p className="muted">
          You see the items you proposed, and the accepted items once a public agenda is published; the attendees see
          every submitted item.
        </p>
      ) : (
        <p className="muted">The agenda is published: these are the items the organizers accepted.</p>
      )}

      {/* Reset the controls when the address changes (back, a pager link), not only on submit. */}
      <Form method="get" action={base} className="filters" key={location.search} aria-label="Filter the items">
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={query.status}>
            <option value="">Any status</option>
            {ITEM_STATUSES.map((status) => (
              <option key={status} value={status}>
                {ITEM_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-kind">Outcome kind</label>
          <select id="filter-kind" name="kind" defaultValue={query.kind}>
            <option value="">Any kind</option>
            {data.kinds.map((kind) => (
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
            defaultValue={query.lead}
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
            defaultValue={query.q}
            aria-describedby="filter-q-hint"
          />
          <p className="hint" id="filter-q-hint">
            Words in the title, desired outcome or background.
          </p>
        </div>
        <div className="field">
          <label htmlFor="filter-sort">Sort by</label>
          <select id="filter-sort" name="sort" defaultValue={query.sort}>
            <option value="newest">Newest first</option>
            <option value="cosponsors">Most co-sponsored</option>
          </select>
        </div>
        <FormActions>
          <SubmitButton variant="secondary">Apply</SubmitButton>
          {filtered ? <Link to={cleared}>Clear the filters</Link> : null}
        </FormActions>
      </Form>

      {data.total > 0 ? (
        <p className="items-count">
          {filtered
            ? `${data.total} of ${itemsText(data.totalVisible)} ${data.total === 1 ? "matches" : "match"} the filters`
            : itemsText(data.total)}
          {data.pageCount > 1 && !pastTheEnd ? ` · showing ${first} to ${first + data.items.length - 1}` : ""}
        </p>
      ) : null}

      {data.total === 0 ? (
        filtered ? (
          <p>
            No items match these filters. <Link to={cleared}>Clear the filters</Link> to see every item.
          </p>
        ) : (
          <p className="muted">
            No items yet.
            {data.viewer.mayPropose
              ? " Propose the first one: say what decision or outcome the summit should reach."
              : ""}
          </p>
        )
      ) : pastTheEnd ? (
        <p>
          There is no page {data.page}.{" "}
          <Link to={listHref(base, query, data.pageCount)}>Go to the last page (page {data.pageCount})</Link>.
        </p>
      ) : (
        <ItemList labelledBy="items-heading">
          {data.items.map((item) => (
            <ItemListEntry key={item.number} item={item} href={`${base}/${item.number}`} headingLevel={3} />
          ))}
        </ItemList>
      )}

      {data.pageCount > 1 && !pastTheEnd ? (
        <nav aria-label="Pages" className="pager">
          {data.page > 1 ? (
            <Link to={listHref(base, query, data.page - 1)} rel="prev">
              Previous page
            </Link>
          ) : null}
          <span>
            Page {data.page} of {data.pageCount}
          </span>
          {data.page < data.pageCount ? (
            <Link to={listHref(base, query, data.page + 1)} rel="next">
              Next page
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
