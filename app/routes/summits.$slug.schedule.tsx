import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ZodMiniType } from "zod/mini";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { Timetable, type TimetableItem } from "~/components/agenda/timetable";
import { FormActions, SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { clock } from "~/domain/agenda/day-schedule";
import { PinFormSchema, PublishFormSchema, SwapFormSchema, UnpinFormSchema } from "~/forms/agenda-day";
import { parseFields } from "~/forms/parse-fields";
import { readFormBody, readFormFields } from "~/forms/posted-form";
import { badRequest, noticeFrom } from "~/lib/http";
import { getDayPlan, pinItem, publishAgenda, swapItems, unpinItem } from "~/services/agenda/day.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `The day · ${data.summit.title} · Summit` : "The day · Summit" },
];

const NOTICES = {
  pinned: "The item is pinned at its new time; the others are placed around it.",
  unpinned: "The item takes its place from the vote again.",
  swapped: "The two items have swapped times.",
  published: "The agenda is published: the summit page and the calendar show it, and the roll has it by mail.",
} as const;

/** Organizers: the day built from the vote, with its overflow, and the forms that adjust and publish it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { summit } = await requireOrganizerOfSummit(context, request, params.slug);
  const plan = await getDayPlan(context.db, summit);
  return json({
    summit: { slug: summit.slug, title: summit.title, timezone: summit.timezone },
    plan,
    notice: noticeFrom(new URL(request.url), NOTICES)?.text ?? null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { summit, user } = await requireOrganizerOfSummit(context, request, params.slug);
  const read = readFormFields(await readFormBody(request));
  if (!read.ok) throw badRequest(read.message);
  const { intent, ...fields } = read.fields;
  const base = { summitId: summit.id, actorId: user.id };
  const back = (notice: keyof typeof NOTICES) => redirect(`/summits/${summit.slug}/schedule?notice=${notice}`);
  const refused = (status: number, message: string) => json({ intent, message, values: fields }, { status });
  const run = async <T, R>(
    schema: ZodMiniType<T>,
    command: (input: T) => Promise<{ ok: true; value: R } | { ok: false; status: number; message: string }>,
    notice: keyof typeof NOTICES,
  ) => {
    const input = parseFields(schema, fields);
    if (input && typeof input === "object" && "refused" in input) return refused(400, input.refused);
    const result = await command(input as T);
    return result.ok ? back(notice) : refused(result.status, result.message);
  };
  switch (intent) {
    case "pin":
      return run(PinFormSchema, (input) => pinItem(context.db, { ...base, ...input }), "pinned");
    case "unpin":
      return run(UnpinFormSchema, (input) => unpinItem(context.db, { ...base, ...input }), "unpinned");
    case "swap":
      return run(SwapFormSchema, (input) => swapItems(context.db, { ...base, ...input }), "swapped");
    case "publish":
      return run(
        PublishFormSchema,
        () => publishAgenda(context.db, { ...base, config: context.config, now: new Date() }),
        "published",
      );
    default:
      throw badRequest("This form does not say what it is for; reload the page and try again.");
  }
}

export default function SchedulePage() {
  const { summit, plan, notice } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>() ?? null;
  const busy = useNavigation().state === "submitting";
  const url = `/summits/${summit.slug}/schedule`;
  const schedule = plan.schedule;
  const byNumber = new Map(plan.ranking.map((r) => [r.number, r]));
  const items: TimetableItem[] = (schedule?.slots ?? []).map((slot) => ({
    ...slot,
    number: slot.item,
    title: byNumber.get(slot.item)?.title ?? "",
    lead: byNumber.get(slot.item)?.lead ?? "",
  }));
  const breaks = plan.days.flatMap((d) => d.breaks.map((b) => ({ date: d.date, ...b })));
  const typed = (intent: string, name: string, item: number) =>
    refused?.intent === intent && refused.values.item === String(item) ? refused.values[name] : undefined;
  return (
    <section aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">The day</h2>
      <p className="lead">
        The agenda built from the vote: items in the order it gave, each at the earliest time it fits. Pin an item to
        put it at another time, or swap two; every change is in the summit&apos;s history. Only organizers see this
        page.
      </p>
      <p>
        <Link to={`/summits/${summit.slug}/manage`}>The summit&apos;s days, on Manage</Link> ·{" "}
        <Link to={`/summits/${summit.slug}/voting`}>Voting</Link>
        {plan.publishedAt ? (
          <>
            {" "}
            · <Link to={`/summits/${summit.slug}`}>The published agenda</Link>
          </>
        ) : null}
      </p>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {refused ? <Notice tone="error">{refused.message}</Notice> : null}
      {plan.waitingFor ? <p>{plan.waitingFor}</p> : null}
      {plan.problems.length > 0 ? (
        <Notice tone="error">
          The pins no longer fit the days: {plan.problems.join(" ")} Unpin the items named, or change the days.
        </Notice>
      ) : null}
      {plan.pins.length > 0 && !schedule ? (
        <ul>
          {plan.pins.map((pin) => (
            <li key={pin.item}>
              Item {pin.item} pinned at {pin.date} {clock(pin.start)}{" "}
              <Form method="post" action={url} className="inline-form">
                <input type="hidden" name="intent" value="unpin" />
                <input type="hidden" name="item" value={pin.item} />
                <SubmitButton variant="secondary" disabled={busy}>
                  Unpin item {pin.item}
                </SubmitButton>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
      {schedule ? (
        <>
          <Timetable
            slug={summit.slug}
            items={items}
            breaks={breaks}
            timezone={summit.timezone}
            actions={(item) => (
              <>
                <Form method="post" action={url} className="form compact" aria-label={`Pin item ${item.number}`}>
                  <input type="hidden" name="intent" value="pin" />
                  <input type="hidden" name="item" value={item.number} />
                  <label htmlFor={`date-${item.number}`}>Day</label>
                  <select
                    id={`date-${item.number}`}
                    name="date"
                    defaultValue={typed("pin", "date", item.number) ?? item.date}
                  >
                    {plan.days.map((d) => (
                      <option key={d.date} value={d.date}>
                        {d.date}
                      </option>
                    ))}
                  </select>
                  <label htmlFor={`time-${item.number}`}>Time</label>
                  <input
                    id={`time-${item.number}`}
                    name="time"
                    inputMode="numeric"
                    size={5}
                    defaultValue={typed("pin", "time", item.number) ?? clock(item.start)}
                  />
                  <SubmitButton variant="secondary" disabled={busy}>
                    Pin
                  </SubmitButton>
                </Form>
                {item.pinned ? (
                  <Form method="post" action={url}>
                    <input type="hidden" name="intent" value="unpin" />
                    <input type="hidden" name="item" value={item.number} />
                    <SubmitButton variant="secondary" disabled={busy}>
                      Unpin
                    </SubmitButton>
                  </Form>
                ) : null}
                {items.length > 1 ? (
                  <Form method="post" action={url} className="form compact" aria-label={`Swap item ${item.number}`}>
                    <input type="hidden" name="intent" value="swap" />
                    <input type="hidden" name="item" value={item.number} />
                    <label htmlFor={`with-${item.number}`}>Swap with</label>
                    <select id={`with-${item.number}`} name="with">
                      {items
                        .filter((other) => other.number !== item.number)
                        .map((other) => (
                          <option key={other.number} value={other.number}>
                            {other.number}. {other.title}
                          </option>
                        ))}
                    </select>
                    <SubmitButton variant="secondary" disabled={busy}>
                      Swap
                    </SubmitButton>
                  </Form>
                ) : null}
              </>
            )}
          />
          {schedule.notes.length > 0 ? (
            <section aria-labelledby="notes-heading">
              <h3 id="notes-heading">How the items were placed</h3>
              <ul>
                {schedule.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="overflow-heading">
            <h3 id="overflow-heading">To be taken to the list</h3>
            {schedule.overflow.length === 0 ? (
              <p className="muted">Every item fits the day.</p>
            ) : (
              <ul>
                {schedule.overflow.map((n) => (
                  <li key={n}>
                    {n}. {byNumber.get(n)?.title} (led by {byNumber.get(n)?.lead}, {byNumber.get(n)?.minutes} min)
                  </li>
                ))}
              </ul>
            )}
          </section>
          <Form method="post" action={url}>
            <input type="hidden" name="intent" value="publish" />
            <p>
              {plan.publishedAt
                ? `Last published ${plan.publishedAt.slice(0, 16).replace("T", " ")} UTC. Publishing again shows the day as it is now and mails it to the roll again.`
                : "Not published yet. Publishing shows the day on the summit page and in its calendar file, and mails it to everyone on the roll."}
            </p>
            <FormActions>
              <SubmitButton disabled={busy}>Publish the agenda</SubmitButton>
            </FormActions>
          </Form>
        </>
      ) : null}
    </section>
  );
}
