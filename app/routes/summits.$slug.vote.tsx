import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMemberOfSummit } from "~/auth/guards.server";
import { Notice } from "~/components/notice";
import { BallotForm, ballotValuesOf, type BallotValues } from "~/components/voting/ballot-form";
import { VoteResults } from "~/components/voting/vote-results";
import { readFormBody } from "~/forms/posted-form";
import { readBallotForm } from "~/forms/voting";
import { isParticipant } from "~/domain/summit/standing";
import { badRequest, forbidden, noticeFrom, refusalResponse } from "~/lib/http";
import { castBallot } from "~/services/voting/commands.server";
import { getVotePage } from "~/services/voting/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Vote · ${data.summit.title} · Summit` : "Vote · Summit" },
];

const NOTICES = {
  cast: "Your ballot is cast. You can change it until voting closes.",
  "cast-secret": "Your secret ballot is cast. Nothing links it to you, so it cannot be changed.",
} as const;

/** The summit's people: where the vote stands, their ballot while it is open, and the result once closed. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { summit, standing } = await requireMemberOfSummit(context, request, params.slug);
  const page = await getVotePage(context.db, { summit, standing, config: context.config, now: new Date() });
  if (!page.ok) throw refusalResponse(page);
  return json({ ...page.value, notice: noticeFrom(new URL(request.url), NOTICES)?.text ?? null });
}

/** Casting or replacing a ballot; a refused one comes back with what was entered and every reason. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { summit, standing, user } = await requireMemberOfSummit(context, request, params.slug);
  if (!isParticipant(standing)) throw forbidden("Only the people of this summit see its vote.");
  const formData = await readFormBody(request);
  const intents = formData.getAll("intent");
  if (intents.length > 1) throw badRequest("The field “intent” was sent more than once.");
  if (intents[0] !== "cast") throw badRequest("This form does not say what it is for; reload the page.");
  // The form is read by the vote's method, which the cast reads with everything else it checks.
  const result = await castBallot(context.db, {
    summitId: summit.id,
    voterId: user.id,
    input: (method) => readBallotForm(method, formData),
    config: context.config,
    now: new Date(),
  });
  if (!result.ok) {
    if (result.status === 400) throw badRequest(result.message);
    const values: BallotValues = {};
    for (const [name, value] of formData.entries()) {
      if (name === "intent" || typeof value !== "string") continue;
      const seen = values[name];
      values[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    }
    return json({ message: result.message, values }, { status: result.status });
  }
  return redirect(`/summits/${summit.slug}/vote?notice=${result.value.secret ? "cast-secret" : "cast"}`);
}

const INTENT = <input type="hidden" name="intent" value="cast" />;

function closesWords(iso: string | null): string {
  return iso ? ` It closes at ${iso.slice(0, 16).replace("T", " ")} UTC.` : " The organizers close it by hand.";
}

export default function VotePage() {
  const data = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>() ?? null;
  const busy = useNavigation().state === "submitting";
  const url = `/summits/${data.summit.slug}/vote`;
  const values = refused?.values ?? ballotValuesOf(data.method.kind, data.you.choices);
  const canVote = data.state === "open" && data.votingPhase && data.you.onRoll && !(data.secret && data.you.voted);
  return (
    <section aria-labelledby="vote-heading">
      <h2 id="vote-heading">Vote</h2>
      <p className="lead">
        Attendees vote to decide which accepted items the day takes first. {data.methodLabel}
        {data.secret ? "; secret ballots" : "; open ballots: who voted how is shown after the close"}.
      </p>
      {data.notice ? <Notice tone="success">{data.notice}</Notice> : null}
      {refused ? <Notice tone="error">{refused.message}</Notice> : null}
      <p id="turnout">
        {data.state === "not-open"
          ? "Voting has not opened yet."
          : `${data.turnout.voted} of ${data.turnout.roll} voted.${data.state === "open" ? closesWords(data.closesAt) : " Voting is closed."}`}
      </p>
      {data.isOrganizer ? (
        <p>
          <Link to={`/summits/${data.summit.slug}/voting`}>Set up, open or close voting</Link>
        </p>
      ) : null}
      {data.state === "open" && !data.you.onRoll ? (
        <Notice>You are not on this vote&apos;s roll: it holds the attendees when voting opened.</Notice>
      ) : null}
      {data.state === "open" && data.secret && data.you.voted ? (
        <Notice>Your secret ballot is cast. Nothing links it to you, so it cannot be changed.</Notice>
      ) : null}
      {canVote ? (
        <BallotForm
          key={JSON.stringify(values)}
          action={url}
          intent={INTENT}
          method={data.method}
          items={data.items}
          values={values}
          busy={busy}
          describedBy="turnout"
        />
      ) : null}
      {data.result ? <VoteResults result={data.result} items={data.items} tieBreakRule={data.tieBreakRule} /> : null}
    </section>
  );
}
