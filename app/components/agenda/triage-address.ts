import { DEFAULT_TRIAGE_VIEW, type TriageView } from "~/domain/agenda/triage";

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
