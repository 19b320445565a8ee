import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { FormActions, SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { VOTING_METHOD_LABELS, type VotingMethod } from "~/domain/voting/ballot";
import { readFormBody, readFormFields } from "~/forms/posted-form";
import { methodFromSetup, VoteSetupFormSchema } from "~/forms/voting";
import { badRequest, noticeFrom, refusalResponse } from "~/lib/http";
import { closeVoting, openVoting, setUpVoting, updateRoll } from "~/services/voting/commands.server";
import { getVotePage } from "~/services/voting/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Voting · ${data.summit.title} · Summit` : "Voting · Summit" },
];

const NOTICES = {
  "set-up": "The vote is set up.",
  opened: "Voting is open: the attendees now on the roll can vote.",
  closed: "Voting is closed and its result frozen.",
  "roll-updated": "The roll is brought up to the attendees; the change is in the summit's history.",
} as const;

/** Organizers: the vote's method, secrecy and close, and the buttons that open and close it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { summit, standing } = await requireOrganizerOfSummit(context, request, params.slug);
  const page = await getVotePage(context.db, { summit, standing, config: context.config, now: new Date() });
  if (!page.ok) throw refusalResponse(page);
  return json({ ...page.value, notice: noticeFrom(new URL(request.url), NOTICES)?.text ?? null });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { summit, user } = await requireOrganizerOfSummit(context, request, params.slug);
  const read = readFormFields(await readFormBody(request));
  if (!read.ok) throw badRequest(read.message);
  const { intent, ...fields } = read.fields;
  const now = new Date();
  const back = (notice: keyof typeof NOTICES) => redirect(`/summits/${summit.slug}/voting?notice=${notice}`);
  const refused = (result: { status: number; message: string }) =>
    json({ intent, message: result.message, values: fields }, { status: result.status });
  switch (intent) {
    case "set-up": {
      const parsed = VoteSetupFormSchema.safeParse(fields);
      if (!parsed.success)
        return refused({ status: 400, message: parsed.error.issues.map((i) => i.message).join(" ") });
      const values = parsed.data;
      const result = await setUpVoting(context.db, {
        summitId: summit.id,
        actorId: user.id,
        method: methodFromSetup(values),
        secret: values.secret === "on",
        closesAt: values.closesAt ? new Date(`${values.closesAt}:00Z`) : null,
        now,
      });
      return result.ok ? back("set-up") : refused(result);
    }
    case "update-roll": {
      if (Object.keys(fields).length > 0) throw badRequest(`This form takes no field “${Object.keys(fields)[0]}”.`);
      const result = await updateRoll(context.db, { summitId: summit.id, actorId: user.id, now });
      return result.ok ? back("roll-updated") : refused(result);
    }
    case "open":
    case "close": {
      if (Object.keys(fields).length > 0) throw badRequest(`This form takes no field “${Object.keys(fields)[0]}”.`);
      const args = { summitId: summit.id, actorId: user.id, config: context.config, now };
      const result = intent === "open" ? await openVoting(context.db, args) : await closeVoting(context.db, args);
      return result.ok ? back(intent === "open" ? "opened" : "closed") : refused(result);
    }
    default:
      throw badRequest("This form does not say what it is for; reload the page and try again.");
  }
}

/** The method's numbers, each with the value the saved set-up gives it. */
function numberFields(method: VotingMethod) {
  return [
    {
      name: "maxApprovals",
      label: "Approval: how many items each voter may tick (K)",
      current: method.kind === "approval" ? String(method.maxApprovals) : "",
    },
    {
      name: "budget",
      label: "Dot voting: points each voter has (B)",
      current: method.kind === "dots" ? String(method.budget) : "",
    },
    {
      name: "maxPerItem",
      label: "Dot voting: the most points on one item (M)",
      current: method.kind === "dots" ? String(method.maxPerItem) : "",
    },
  ];
}

export default function VotingPage() {
  const data = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>() ?? null;
  const busy = useNavigation().state === "submitting";
  const url = `/summits/${data.summit.slug}/voting`;
  const typed = refused?.intent === "set-up" ? refused.values : null;
  const value = (name: string, fallback: string) => typed?.[name] ?? fallback;
  const method = data.method;
  return (
    <section aria-labelledby="voting-heading">
      <h2 id="voting-heading">Voting</h2>
      <p className="lead">
        Set up how attendees vote, then open voting in the voting phase: the attendees at that moment form the roll, and
        the accepted items the ballot. Closing it freezes the result. Only organizers see this page.
      </p>
      <p>
        <Link to={`/summits/${data.summit.slug}/vote`}>The vote page</Link> ·{" "}
        <Link to={`/summits/${data.summit.slug}/manage`}>Managing the summit</Link>
      </p>
      {data.notice ? <Notice tone="success">{data.notice}</Notice> : null}
      {refused ? <Notice tone="error">{refused.message}</Notice> : null}
      <p>
        {data.state === "not-open"
          ? `Not open yet; ${data.items.length} accepted items would be on the ballot.`
          : `${data.state === "open" ? "Open" : "Closed"}: ${data.turnout.voted} of ${data.turnout.roll} voted.`}
      </p>
      {data.state === "not-open" ? (
        <section className="card" aria-labelledby="setup-heading">
          <h3 id="setup-heading">How the vote is counted</h3>
          <Form method="post" action={url} className="form">
            <input type="hidden" name="intent" value="set-up" />
            <div className="field">
              <label htmlFor="method">Method</label>
              <select id="method" name="method" defaultValue={value("method", method.kind)}>
                {(["ranked", "approval", "dots"] as const).map((kind) => (
                  <option key={kind} value={kind}>
                    {VOTING_METHOD_LABELS[kind]}
                  </option>
                ))}
              </select>
            </div>
            {numberFields(method).map((field) => (
              <div className="field" key={field.name}>
                <label htmlFor={field.name}>{field.label}</label>
                <input
                  id={field.name}
                  name={field.name}
                  inputMode="numeric"
                  defaultValue={value(field.name, field.current)}
                />
              </div>
            ))}
            <div className="field">
              <div>
                <input
                  type="checkbox"
                  id="secret"
                  name="secret"
                  value="on"
                  defaultChecked={typed ? typed.secret === "on" : data.secret}
                />{" "}
                <label htmlFor="secret">
                  Secret ballots (nothing links a ballot to its voter; it cannot be changed)
                </label>
              </div>
            </div>
            <div className="field">
              <label htmlFor="closesAt">Closes at, UTC (optional)</label>
              <input
                type="datetime-local"
                id="closesAt"
                name="closesAt"
                defaultValue={value("closesAt", data.closesAt ? data.closesAt.slice(0, 16) : "")}
              />
            </div>
            <FormActions>
              <SubmitButton variant="secondary" disabled={busy}>
                Save the set-up
              </SubmitButton>
            </FormActions>
          </Form>
          <Form method="post" action={url}>
            <input type="hidden" name="intent" value="open" />
            <FormActions>
              <SubmitButton disabled={busy || !data.votingPhase}>Open voting</SubmitButton>
            </FormActions>
            {!data.votingPhase ? <p className="muted">Move the summit to its voting phase on Manage first.</p> : null}
          </Form>
        </section>
      ) : null}
      {data.state === "open" && data.rollChanges ? (
        <RollChanges changes={data.rollChanges} url={url} busy={busy} />
      ) : null}
      {data.state === "open" ? (
        <Form method="post" action={url}>
          <input type="hidden" name="intent" value="close" />
          <FormActions>
            <SubmitButton disabled={busy}>Close voting now</SubmitButton>
          </FormActions>
        </Form>
      ) : null}
    </section>
  );
}

function NameList({ heading, names }: { heading: string; names: string[] }) {
  if (names.length === 0) return null;
  return (
    <>
      <h4>{heading}</h4>
      <ul>
        {names.map((name, i) => (
          <li key={`${name}-${i}`}>{name}</li>
        ))}
      </ul>
    </>
  );
}

/** The roll as frozen at the open, against the attendees now: it changes only by this explicit action. */
function RollChanges({
  changes,
  url,
  busy,
}: {
  changes: { joined: string[]; leftUnvoted: string[]; leftVoted: string[] };
  url: string;
  busy: boolean;
}) {
  const changing = changes.joined.length + changes.leftUnvoted.length > 0;
  return (
    <section className="card" aria-labelledby="roll-heading">
      <h3 id="roll-heading">The roll</h3>
      <p>
        The roll is who could vote when voting opened. It does not follow later changes to the attendees unless you
        update it here; the update is recorded in the summit&apos;s history.
      </p>
      {changing || changes.leftVoted.length > 0 ? (
        <>
          <NameList heading="Attendees since the open, not on the roll" names={changes.joined} />
          <NameList
            heading="On the roll, no longer attending, not voted: would be taken off"
            names={changes.leftUnvoted}
          />
          <NameList
            heading="No longer attending, voted: they stay, as their ballot is counted"
            names={changes.leftVoted}
          />
        </>
      ) : (
        <p className="muted">The roll matches the attendees.</p>
      )}
      {changing ? (
        <Form method="post" action={url}>
          <input type="hidden" name="intent" value="update-roll" />
          <FormActions>
            <SubmitButton variant="secondary" disabled={busy}>
              Update the roll
            </SubmitButton>
          </FormActions>
        </Form>
      ) : null}
    </section>
  );
}
