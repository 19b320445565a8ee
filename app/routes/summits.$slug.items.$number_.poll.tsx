import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ZodMiniType } from "zod/mini";
import { requireMemberOfSummit, requireOrganizerOfSummit } from "~/auth/guards.server";
import { FormActions, SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { countsText, POLL_ANSWERS, pollAnswerLabel, verdictText } from "~/domain/voting/decision-poll";
import {
  AnswerPollFormSchema,
  ClosePollFormSchema,
  OpenPollFormSchema,
  RecordDecisionFormSchema,
} from "~/forms/decision-poll";
import { parseItemNumber } from "~/forms/agenda-item";
import { parseFields } from "~/forms/parse-fields";
import { readFormBody, readFormFields } from "~/forms/posted-form";
import { isParticipant } from "~/domain/summit/standing";
import { badRequest, forbidden, noticeFrom, notFound, refusalResponse } from "~/lib/http";
import { answerPoll, closePoll, getPollPage, openPoll, recordTentativeDecision } from "~/services/voting/poll.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Poll on item ${data.item.number}: ${data.item.title} · ${data.summit.title} · Summit`
      : "Poll · Summit",
  },
];

const NOTICES = {
  opened: "The poll is open: the attendees now on its roll can answer.",
  answered: "Your answer is recorded. You can change it until the poll closes.",
  "answered-secret": "Your secret answer is recorded. Nothing links it to you, so it cannot be changed.",
  closed: "The poll is closed and its count frozen.",
  recorded: "The result is recorded as the item's tentative decision.",
} as const;

function numberOf(params: { number?: string }): number {
  const number = parseItemNumber(params.number);
  if (number === null) throw notFound(`There is no item ${params.number ?? ""} at this summit.`);
  return number;
}

/** The summit's people: the item's proposal, where its poll stands, their answer, and the result once closed. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { summit, standing } = await requireMemberOfSummit(context, request, params.slug);
  const page = await getPollPage(context.db, { summit, standing, number: numberOf(params) });
  if (!page.ok) throw refusalResponse(page);
  return json({ ...page.value, notice: noticeFrom(new URL(request.url), NOTICES)?.text ?? null });
}

/** Answering is for the poll's roll; opening, closing and recording the decision for organizers. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { summit, user, standing } = await requireMemberOfSummit(context, request, params.slug);
  // Nobody outside the summit learns whether an item has a poll.
  if (!isParticipant(standing)) throw forbidden("Only the people of this summit see its polls.");
  const number = numberOf(params);
  const read = readFormFields(await readFormBody(request));
  if (!read.ok) throw badRequest(read.message);
  const { intent, ...fields } = read.fields;
  const now = new Date();
  const base = { summitId: summit.id, number };
  const back = (notice: keyof typeof NOTICES) =>
    redirect(`/summits/${summit.slug}/items/${number}/poll?notice=${notice}`);
  const refused = (status: number, message: string) => json({ intent, message, values: fields }, { status });
  const run = async <T, R>(
    schema: ZodMiniType<T>,
    command: (input: T) => Promise<{ ok: true; value: R } | { ok: false; status: number; message: string }>,
    notice: (value: R) => keyof typeof NOTICES,
  ) => {
    const input = parseFields(schema, fields);
    if (input && typeof input === "object" && "refused" in input) return refused(400, input.refused);
    const result = await command(input as T);
    return result.ok ? back(notice(result.value)) : refused(result.status, result.message);
  };
  if (intent === "answer") {
    return run(
      AnswerPollFormSchema,
      (input) => answerPoll(context.db, { ...base, voterId: user.id, input, now }),
      (value) => (value.secret ? "answered-secret" : "answered"),
    );
  }
  if (intent !== "open" && intent !== "close" && intent !== "record") {
    throw badRequest("This form does not say what it is for; reload the page and try again.");
  }
  await requireOrganizerOfSummit(context, request, params.slug);
  const organizer = { ...base, actorId: user.id, now };
  switch (intent) {
    case "open":
      return run(
        OpenPollFormSchema,
        (input) => openPoll(context.db, { ...organizer, proposal: input.proposal, secret: input.secret === "on" }),
        () => "opened",
      );
    case "close":
      return run(
        ClosePollFormSchema,
        () => closePoll(context.db, organizer),
        () => "closed",
      );
    case "record":
      return run(
        RecordDecisionFormSchema,
        (input) => recordTentativeDecision(context.db, { ...organizer, text: input.decision }),
        () => "recorded",
      );
  }
}

function utc(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

export default function PollPage() {
  const data = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>() ?? null;
  const busy = useNavigation().state === "submitting";
  const itemUrl = `/summits/${data.summit.slug}/items/${data.item.number}`;
  const url = `${itemUrl}/poll`;
  const typed = (intent: string) => (refused?.intent === intent ? refused.values : null);
  const answerTyped = typed("answer");
  const canAnswer =
    data.state === "open" && data.pollPhase && data.you.onRoll && !(data.poll?.secret && data.you.answered);
  const chosen = answerTyped?.answer ?? data.you.answer ?? "";
  return (
    <section aria-labelledby="poll-heading">
      <h2 id="poll-heading">
        Poll on item {data.item.number}: {data.item.title}
      </h2>
      <p>
        <Link to={itemUrl}>The item</Link> · led by {data.item.leadName}
      </p>
      {data.notice ? <Notice tone="success">{data.notice}</Notice> : null}
      {refused ? <Notice tone="error">{refused.message}</Notice> : null}
      <section className="card" aria-labelledby="proposal-heading">
        <h3 id="proposal-heading">The proposal</h3>
        <p className="statement">{data.poll ? data.poll.proposal : data.item.desiredOutcome}</p>
        <p id="poll-turnout">
          {data.state === "not-open"
            ? "No poll has been opened on this item."
            : `${data.turnout.answered} of ${data.turnout.roll} answered. ${
                data.state === "open"
                  ? `Open since ${utc(data.poll?.openedAt ?? "")}; the organizers close it.`
                  : `Closed at ${utc(data.poll?.closedAt ?? "")}.`
              }`}
          {data.poll
            ? data.poll.secret
              ? " Secret answers: nothing links an answer to its giver."
              : " Open answers: who answered what is shown after the close."
            : null}
        </p>
      </section>

      {data.decision ? (
        <section className="card" aria-labelledby="decision-heading">
          <h3 id="decision-heading">Tentative decision</h3>
          <p className="statement">{data.decision.text}</p>
          <p className="muted">
            Recorded by {data.decision.recordedBy} at {utc(data.decision.recordedAt)}; the meeting confirms or changes
            it.
          </p>
        </section>
      ) : null}

      {data.state === "open" && !data.you.onRoll ? (
        <Notice>You are not on this poll&apos;s roll: it holds the attendees when the poll opened.</Notice>
      ) : null}
      {data.state === "open" && data.poll?.secret && data.you.answered ? (
        <Notice>Your secret answer is given. Nothing links it to you, so it cannot be changed.</Notice>
      ) : null}
      {canAnswer ? (
        <Form method="post" action={url} className="form" key={`${chosen}-${data.you.reason ?? ""}`}>
          <input type="hidden" name="intent" value="answer" />
          <fieldset aria-describedby="poll-turnout">
            <legend>Your answer</legend>
            {POLL_ANSWERS.map((a) => (
              <div key={a.value}>
                <input
                  type="radio"
                  id={`answer-${a.value}`}
                  name="answer"
                  value={a.value}
                  defaultChecked={chosen === a.value}
                  required
                />{" "}
                <label htmlFor={`answer-${a.value}`}>{a.label}</label>
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="reason">Reason (required for a block: it is shown with the result)</label>
            <textarea
              id="reason"
              name="reason"
              rows={3}
              maxLength={1000}
              defaultValue={answerTyped?.reason ?? data.you.reason ?? ""}
            />
          </div>
          <FormActions>
            <SubmitButton disabled={busy}>{data.you.answered ? "Change my answer" : "Answer"}</SubmitButton>
          </FormActions>
        </Form>
      ) : null}

      {data.result ? <PollResult result={data.result} answersByName={data.answersByName} /> : null}

      {data.isOrganizer ? <OrganizerForms data={data} url={url} busy={busy} typed={typed} /> : null}
    </section>
  );
}

type PollData = ReturnType<typeof useLoaderData<typeof loader>>;

function PollResult({
  result,
  answersByName,
}: {
  result: NonNullable<PollData["result"]>;
  answersByName: PollData["answersByName"];
}) {
  return (
    <section className="card" aria-labelledby="poll-result-heading">
      <h3 id="poll-result-heading">{result.final ? "Result" : "Running count (organizers only, until the close)"}</h3>
      <p>
        <strong>{verdictText(result.verdict)}</strong>
        {result.counts ? `: ${countsText(result.counts)}.` : "."}
      </p>
      <p className="muted">
        A block stops consensus; otherwise the proposal is agreed when more agree than disagree.
        {result.counts
          ? null
          : " Fewer than five secret answers: only the outcome is shown, so nobody can infer another's answer."}
      </p>
      {result.counts ? (
        <table>
          <caption>Answers</caption>
          <thead>
            <tr>
              <th scope="col">Answer</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            {POLL_ANSWERS.map((a) => (
              <tr key={a.value}>
                <th scope="row">{a.label}</th>
                <td>{result.counts?.[a.value] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {result.reasons.length > 0 ? (
        <>
          <h4>Reasons</h4>
          <ul className="poll-reasons">
            {result.reasons.map((r, i) => (
              <li key={`${r.answer}-${i}`}>
                <strong>{pollAnswerLabel(r.answer)}</strong>
                {r.name ? ` (${r.name})` : null}: {r.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {answersByName && answersByName.length > 0 ? (
        <>
          <h4>Who answered what</h4>
          <ul>
            {answersByName.map((a) => (
              <li key={a.name}>
                {a.name}: {pollAnswerLabel(a.answer)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function OrganizerForms({
  data,
  url,
  busy,
  typed,
}: {
  data: PollData;
  url: string;
  busy: boolean;
  typed: (intent: string) => Record<string, string> | null;
}) {
  if (data.state === "not-open") {
    if (data.notPolled) return <p className="muted">{data.notPolled}</p>;
    const values = typed("open");
    return (
      <section className="card" aria-labelledby="open-poll-heading">
        <h3 id="open-poll-heading">Open a poll</h3>
        <p>The attendees at the moment it opens form its roll. Only organizers see this form.</p>
        <Form method="post" action={url} className="form">
          <input type="hidden" name="intent" value="open" />
          <div className="field">
            <label htmlFor="proposal">The proposal put to the poll</label>
            <textarea
              id="proposal"
              name="proposal"
              rows={3}
              maxLength={500}
              required
              defaultValue={values?.proposal ?? data.item.desiredOutcome}
            />
          </div>
          <div className="field">
            <div>
              <input type="checkbox" id="secret" name="secret" value="on" defaultChecked={values?.secret === "on"} />{" "}
              <label htmlFor="secret">
                Secret answers (nothing links an answer to its giver; it cannot be changed)
              </label>
            </div>
          </div>
          <FormActions>
            <SubmitButton disabled={busy || !data.pollPhase}>Open the poll</SubmitButton>
          </FormActions>
          {!data.pollPhase ? (
            <p className="muted">Polls are held from the voting phase until the meeting; move the summit on Manage.</p>
          ) : null}
        </Form>
      </section>
    );
  }
  if (data.state === "open") {
    return (
      <Form method="post" action={url}>
        <input type="hidden" name="intent" value="close" />
        <FormActions>
          <SubmitButton disabled={busy}>Close the poll now</SubmitButton>
        </FormActions>
      </Form>
    );
  }
  const values = typed("record");
  return (
    <section className="card" aria-labelledby="record-heading">
      <h3 id="record-heading">Record as the tentative decision</h3>
      <p>The meeting and the minutes start from it. Edit the words before recording them.</p>
      <Form method="post" action={url} className="form">
        <input type="hidden" name="intent" value="record" />
        <div className="field">
          <label htmlFor="decision">The decision</label>
          <textarea
            id="decision"
            name="decision"
            rows={4}
            maxLength={4000}
            required
            defaultValue={values?.decision ?? data.decision?.text ?? data.suggestion ?? ""}
          />
        </div>
        <FormActions>
          <SubmitButton disabled={busy}>{data.decision ? "Record it again" : "Record the decision"}</SubmitButton>
        </FormActions>
      </Form>
    </section>
  );
}
