import { Notice } from "../notice";

/** Who has accepted an invitation, by name only; a thank-you for someone who just did. */
export function AttendeeList({ names, justAccepted }: { names: readonly string[]; justAccepted: boolean }) {
  return (
    <section aria-labelledby="attendees-heading">
      {justAccepted ? (
        <Notice tone="success">Thank you: you have accepted the invitation and are an attendee of this summit.</Notice>
      ) : null}
      <h2 id="attendees-heading">Attendees ({names.length})</h2>
      {names.length === 0 ? (
        <p className="muted">Nobody has accepted an invitation yet.</p>
      ) : (
        <ul className="stack-list">
          {names.map((name, i) => (
            <li key={`${i}-${name}`}>{name}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
