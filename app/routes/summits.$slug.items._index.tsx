import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireSummit, requireUser } from "~/auth/guards.server";
import { ItemCount, ItemFilters, Pager, PastTheEnd } from "~/components/agenda/item-filters";
import { ItemList, ItemListEntry } from "~/components/agenda/item-list";
import { Notice } from "~/components/notice";
import { ITEM_STATUS_LABELS, ITEM_STATUSES } from "~/domain/agenda/item-lifecycle";
import { ITEM_PAGE_SIZE, ItemListQuerySchema, type ItemListQuery } from "~/forms/agenda-item";
import { noticeFrom, refusalResponse } from "~/lib/http";
import { getItemListPage } from "~/services/agenda/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Agenda items of ${data.summit.title} · Summit` : "Agenda items · Summit" },
];

const NOTICES = {
  withdrawn: "The item has been withdrawn.",
} as const;

/**
 * The summit's items as the viewer may see them: participants every item but
 * others' drafts, anyone the accepted ones while the summit's agenda is
 * public. Anyone else signs in first, or is refused.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // Unknown or malformed filters fall back to none: these addresses are shared and edited by hand.
  const query = ItemListQuerySchema.parse(Object.fromEntries(url.searchParams));
  const { summit, standing } = await requireSummit(context, params.slug);
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
      lead: query.lead,
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

const STATUS_OPTIONS = [
  { value: "", label: "Any status" },
  ...ITEM_STATUSES.map((status) => ({ value: status, label: ITEM_STATUS_LABELS[status] })),
];

export default function ItemListPage() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const base = `/summits/${data.summit.slug}/items`;
  const { query } = data;
  const filtered = Boolean(query.status || query.kind || query.lead || query.q);
  const pastTheEnd = data.items.length === 0 && data.total > 0;
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
          You see the items you proposed, and the accepted items while the agenda is public; the participants
          (attendees, minute-takers and organizers) see every submitted item.
        </p>
      ) : (
        <p className="muted">The agenda is public: these are the items the organizers accepted.</p>
      )}

      <ItemFilters
        action={base}
        filters={query}
        statuses={STATUS_OPTIONS}
        kinds={data.kinds}
        clearHref={filtered ? cleared : null}
        resetKey={location.search}
      />

      {data.total > 0 ? (
        <ItemCount
          total={data.total}
          all={data.totalVisible}
          filtered={filtered}
          first={(data.page - 1) * ITEM_PAGE_SIZE + 1}
          shown={pastTheEnd ? 0 : data.items.length}
          paged={data.pageCount > 1}
        />
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
        <PastTheEnd page={data.page} pageCount={data.pageCount} lastHref={listHref(base, query, data.pageCount)} />
      ) : (
        <ItemList labelledBy="items-heading">
          {data.items.map((item) => (
            <ItemListEntry key={item.number} item={item} href={`${base}/${item.number}`} headingLevel={3} />
          ))}
        </ItemList>
      )}

      {data.pageCount > 1 && !pastTheEnd ? (
        <Pager page={data.page} pageCount={data.pageCount} hrefOf={(page) => listHref(base, query, page)} />
      ) : null}
    </section>
  );
}
