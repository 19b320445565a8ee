import type { ItemStatus } from "~/domain/agenda/item-lifecycle";
import { DEFAULT_TRIAGE_VIEW, type TriageView } from "~/domain/agenda/triage";
import { itemAnchor } from "./item-list";

/** A triage view as its address names it. */
export interface TriageAddress {
  status: TriageView;
  kind: string;
  lead: string;
  q: string;
}

/**
 * The triage page's address for a view at `page`, with the defaults left
 * out so addresses stay short (the page's query schema reads it back), and
 * the notice to show if one is given.
 */
export function triageHref(base: string, view: TriageAddress, page: number, notice?: string): string {
  const params = new URLSearchParams();
  if (view.status !== DEFAULT_TRIAGE_VIEW) params.set("status", view.status);
  if (view.kind) params.set("kind", view.kind);
  if (view.lead) params.set("lead", view.lead);
  if (view.q) params.set("q", view.q);
  if (page > 1) params.set("page", String(page));
  if (notice) params.set("notice", notice);
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}

/** Where a decision leaves the item, as the triage page's notice that confirms it. */
const NOTICE_OF_STATUS: Partial<Record<ItemStatus, string>> = {
  accepted: "accepted",
  declined: "declined",
  returned: "returned",
  merged: "merged",
  submitted: "reopened",
};

/**
 * Where an organizer lands after a decision: the view they decided from, with
 * the notice, at the item (or at the item it was merged into, since a merged
 * item leaves the list).
 */
export function afterDecisionHref(
  base: string,
  view: TriageAddress,
  page: number,
  decided: { status: ItemStatus; number: number; into?: number | null },
): string {
  return `${triageHref(base, view, page, NOTICE_OF_STATUS[decided.status])}#${itemAnchor(decided.into ?? decided.number)}`;
}

/** The page of one item's decisions, keeping the view to come back to. */
export function decisionsHref(base: string, view: TriageAddress, page: number, number: number): string {
  return triageHref(`${base}/${number}`, view, page);
}
