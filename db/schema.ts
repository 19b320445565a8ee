import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Timestamps are read as Date and written as Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in by default. */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns are read as YYYY-MM-DD strings (parsers set in db/client.ts). */
type DateOnly = ColumnType<string, string, string>;

/** A summit's phase, as the column's CHECK constraint lists them; app/domain/summit/phases.ts orders them. */
export type Phase = "draft" | "proposals" | "voting" | "agenda" | "in_session" | "minutes_draft" | "published";
export type SummitRoleName = "organizer" | "minute_taker";
export type OutboxStatus = "pending" | "sending" | "sent" | "needs_confirmation" | "dead";

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  is_admin: Generated<boolean>;
  deactivated_at: Timestamp | null;
  created_at: DefaultedTimestamp;
}

export interface SessionTable {
  /** SHA-256 (hex) of the session secret. */
  id: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface SignInTokenTable {
  id: Generated<string>;
  token_hash: string;
  email: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface RateLimitTable {
  key: string;
  tokens: number;
  updated_at: Timestamp;
}

export interface SummitTable {
  id: Generated<string>;
  slug: string;
  title: string;
  starts_on: DateOnly;
  ends_on: DateOnly;
  timezone: string;
  venue: Generated<string>;
  list_address: string;
  sign_off: Generated<string>;
  phase: ColumnType<Phase, Phase | undefined, Phase>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  is_open: Generated<boolean>;
  capacity: number | null;
  seat_request_needs_item: Generated<boolean>;
  is_public: Generated<boolean>;
}

export interface SummitRoleTable {
  summit_id: string;
  user_id: string;
  role: SummitRoleName;
  created_at: DefaultedTimestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: DefaultedTimestamp;
  actor_id: string | null;
  summit_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface OutboxTable {
  id: string;
  message_id: string;
  dedupe_key: string;
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: Generated<number>;
  created_at: Timestamp;
  next_attempt_at: Timestamp;
  give_up_at: Timestamp;
  lease_until: Timestamp | null;
  sent_at: Timestamp | null;
  last_error: string | null;
  smtp_response: string | null;
}

export type ContributorSourceKind = "git" | "shortlog" | "csv";
export type EligibilityRuleKind = "top_contributors" | "responsibility" | "include" | "exclude";
export type InvitationStatus = "invited" | "accepted" | "declined" | "revoked" | "waitlisted";
export type SeatRequestStatus = "pending" | "approved" | "refused" | "withdrawn";

export interface ContributorSourceTable {
  id: Generated<string>;
  summit_id: string;
  kind: ContributorSourceKind;
  label: string;
  since: DateOnly | null;
  until: DateOnly | null;
  imported_at: DefaultedTimestamp;
  imported_by: string | null;
  accepted_lines: Generated<number>;
  skipped_lines: Generated<number>;
  /** Why lines or commits were skipped, as counts: [{ why: "from bots", count: 40 }]. */
  skipped_reasons: ColumnType<SkippedReason[], string | undefined, string>;
}

export interface SkippedReason {
  why: string;
  count: number;
}

export interface ContributorTable {
  source_id: string;
  email: string;
  name: string;
  commits: number;
}

export interface EmailAliasTable {
  summit_id: string;
  alias_email: string;
  canonical_email: string;
}

export interface ResponsibilityTable {
  id: Generated<string>;
  summit_id: string;
  role: string;
  email: string;
  name: Generated<string>;
  origin: "manual" | "maintainers";
  created_at: DefaultedTimestamp;
}

export interface EligibilityRuleTable {
  id: Generated<string>;
  summit_id: string;
  kind: EligibilityRuleKind;
  /** Rule parameters as JSON (see app/domain/eligibility.ts); written as a JSON string. */
  params: ColumnType<Record<string, unknown>, string, string>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
}

export interface EligibilitySnapshotTable {
  summit_id: string;
  computed_at: Timestamp;
  people: ColumnType<unknown, string, string>;
}

export interface InvitationTable {
  id: Generated<string>;
  summit_id: string;
  email: string;
  name: Generated<string>;
  user_id: string | null;
  status: InvitationStatus;
  reasons: ColumnType<string[], string | undefined, string>;
  token_hash: string | null;
  token_expires_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  invited_at: Timestamp | null;
  waitlisted_at: Timestamp | null;
  responded_at: Timestamp | null;
  sends: Generated<number>;
}

export interface SeatRequestTable {
  id: Generated<string>;
  summit_id: string;
  user_id: string;
  statement: string;
  proposed_item: string | null;
  status: SeatRequestStatus;
  created_at: DefaultedTimestamp;
  decided_at: Timestamp | null;
  decided_by: string | null;
}

export type AgendaItemStatus = "draft" | "submitted" | "accepted" | "declined" | "withdrawn" | "merged" | "returned";
export type AgendaItemOutcomeKind = "decision" | "consensus_check" | "action_plan" | "information";

export interface AgendaItemTable {
  id: Generated<string>;
  summit_id: string;
  number: number;
  proposer_id: string;
  lead_id: string;
  title: string;
  outcome_kind: AgendaItemOutcomeKind;
  desired_outcome: string;
  background: Generated<string>;
  minutes_needed: number;
  /** The links, in order; written as a JSON string. */
  links: ColumnType<string[], string, string>;
  status: AgendaItemStatus;
  status_note: string | null;
  merged_into_id: string | null;
  revision: Generated<number>;
  cosponsor_count: Generated<number>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  submitted_at: Timestamp | null;
}

export interface AgendaItemRevisionTable {
  item_id: string;
  revision: number;
  author_id: string | null;
  created_at: DefaultedTimestamp;
  title: string;
  outcome_kind: AgendaItemOutcomeKind;
  desired_outcome: string;
  background: string;
  minutes_needed: number;
  lead_id: string | null;
  links: ColumnType<string[], string, string>;
}

export interface AgendaItemCosponsorTable {
  item_id: string;
  user_id: string;
  created_at: DefaultedTimestamp;
}

export interface Database {
  app_user: AppUserTable;
  session: SessionTable;
  sign_in_token: SignInTokenTable;
  rate_limit: RateLimitTable;
  summit: SummitTable;
  summit_role: SummitRoleTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  contributor_source: ContributorSourceTable;
  contributor: ContributorTable;
  email_alias: EmailAliasTable;
  responsibility: ResponsibilityTable;
  eligibility_rule: EligibilityRuleTable;
  eligibility_snapshot: EligibilitySnapshotTable;
  invitation: InvitationTable;
  seat_request: SeatRequestTable;
  agenda_item: AgendaItemTable;
  agenda_item_revision: AgendaItemRevisionTable;
  agenda_item_cosponsor: AgendaItemCosponsorTable;
  vote_setup: VoteSetupTable;
  ballot_item: BallotItemTable;
  vote_roll: VoteRollTable;
  named_ballot: NamedBallotTable;
  secret_ballot: SecretBallotTable;
  summit_day: SummitDayTable;
  agenda_pin: AgendaPinTable;
  agenda_publication: AgendaPublicationTable;
  decision_poll: DecisionPollTable;
  poll_roll: PollRollTable;
  poll_answer: PollAnswerTable;
  secret_poll_answer: SecretPollAnswerTable;
  tentative_decision: TentativeDecisionTable;
}

/** A day of the summit: minutes after midnight in its timezone; breaks as [{start, end, label}]. */
export interface SummitDayTable {
  summit_id: string;
  day: string;
  start_minute: number;
  end_minute: number;
  breaks: ColumnType<Array<{ start: number; end: number; label: string }>, string | undefined, string>;
}

export interface AgendaPinTable {
  summit_id: string;
  item_number: number;
  day: string;
  start_minute: number;
}

/** The agenda as published, whole: it reads the same however the items change after. */
export interface AgendaPublicationTable {
  summit_id: string;
  published_at: Timestamp;
  published_by: string | null;
  slots: ColumnType<
    Array<{
      item: number;
      date: string;
      start: number;
      end: number;
      pinned: boolean;
      title: string;
      lead: string;
      desiredOutcome: string;
    }>,
    string,
    string
  >;
  overflow: ColumnType<Array<{ number: number; title: string; lead: string }>, string, string>;
  breaks: ColumnType<Array<{ date: string; start: number; end: number; label: string }>, string, string>;
}

export type PollAnswerName = "agree" | "abstain" | "disagree" | "block";

/** A decision poll on one item's proposal; `result` is the count frozen at the close, written as a JSON string. */
export interface DecisionPollTable {
  id: string;
  summit_id: string;
  item_id: string;
  proposal: string;
  secret: boolean;
  opened_at: Timestamp;
  opened_by: string | null;
  closed_at: Timestamp | null;
  result: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface PollRollTable {
  poll_id: string;
  user_id: string;
  has_answered: Generated<boolean>;
}

export interface PollAnswerTable {
  id: string;
  poll_id: string;
  voter_id: string;
  is_current: boolean;
  answered_at: Timestamp;
  answer: PollAnswerName;
  reason: string | null;
}

export interface SecretPollAnswerTable {
  id: string;
  poll_id: string;
  answer: PollAnswerName;
  reason: string | null;
}

export interface TentativeDecisionTable {
  item_id: string;
  poll_id: string;
  text: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

export type VotingMethodName = "approval" | "dots" | "ranked";

export interface VoteSetupTable {
  summit_id: string;
  method: VotingMethodName;
  max_approvals: number | null;
  budget: number | null;
  max_per_item: number | null;
  secret: Generated<boolean>;
  closes_at: Timestamp | null;
  opened_at: Timestamp | null;
  closed_at: Timestamp | null;
  /** The tally frozen at the close; written as a JSON string. */
  result: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface BallotItemTable {
  summit_id: string;
  item_number: number;
}

export interface VoteRollTable {
  summit_id: string;
  user_id: string;
  has_voted: Generated<boolean>;
  added_at: Timestamp;
}

/** A ballot's choices as stored: approvals, points or ranks by item number; written as a JSON string. */
export type StoredChoices = ColumnType<Record<string, number> | number[], string, string>;

export interface NamedBallotTable {
  id: string;
  summit_id: string;
  voter_id: string;
  is_current: boolean;
  cast_at: Timestamp;
  choices: StoredChoices;
}

export interface SecretBallotTable {
  id: string;
  summit_id: string;
  choices: StoredChoices;
}

export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type Summit = Selectable<SummitTable>;
export type NewSummit = Insertable<SummitTable>;
export type SummitUpdate = Updateable<SummitTable>;
export type OutboxMessage = Selectable<OutboxTable>;
export type NewOutboxMessage = Insertable<OutboxTable>;
export type AuditEntry = Selectable<AuditLogTable>;
