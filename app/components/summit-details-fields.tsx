import { FormField } from "~/components/form-field";
import { SIGN_OFF_MAX_LENGTH, SLUG_MAX_LENGTH, TITLE_MAX_LENGTH, VENUE_MAX_LENGTH } from "~/domain/summit/details";

/** What a field needs of one of Conform's fields. */
export interface DetailFieldMetadata {
  key: string | undefined;
  id: string;
  name: string;
  errorId: string;
  errors: string[] | undefined;
  initialValue: unknown;
}

type EditableDetail = "title" | "startsOn" | "endsOn" | "timezone" | "venue" | "listAddress" | "signOff";

export type SummitDetailFields = Record<EditableDetail, DetailFieldMetadata> & { slug?: DetailFieldMetadata };

interface SummitDetailsFieldsProps {
  /** Conform's fields of the form: what was typed, or the summit's current details, and each field's error. */
  fields: SummitDetailFields;
  /** Creating a summit also asks for its short name, which cannot change later. */
  creating?: boolean;
}

/**
 * The fields of a summit's details, shared by the form that creates a summit
 * and the one that edits it. Each error is shown beside its field and tied to
 * it for screen readers; values come from Conform, so what was typed is kept
 * after a refusal.
 */
export function SummitDetailsFields({ fields, creating = false }: SummitDetailsFieldsProps) {
  // maxLength is twice the limit: an over-long entry still reaches the server, which says what is wrong.
  const field = (meta: DetailFieldMetadata) => ({
    id: meta.id,
    name: meta.name,
    errorId: meta.errorId,
    error: meta.errors?.[0],
    defaultValue: typeof meta.initialValue === "string" ? meta.initialValue : "",
    autoComplete: "off",
  });
  return (
    <>
      <FormField
        key={fields.title.key}
        {...field(fields.title)}
        label="Title"
        hint={creating ? "Such as “QEMU Summit 2025”." : undefined}
        maxLength={TITLE_MAX_LENGTH * 2}
        required
      />
      {creating && fields.slug ? (
        <FormField
          key={fields.slug.key}
          {...field(fields.slug)}
          label="Short name for its address"
          hint={`The summit lives at /summits/<short name>: lower-case letters, digits and single hyphens, at most ${SLUG_MAX_LENGTH} characters. It cannot be changed later.`}
          maxLength={SLUG_MAX_LENGTH * 2}
          required
        />
      ) : null}
      <FormField key={fields.startsOn.key} {...field(fields.startsOn)} label="First day" type="date" required />
      <FormField
        key={fields.endsOn.key}
        {...field(fields.endsOn)}
        label="Last day"
        type="date"
        hint="The same as the first day for a one-day summit."
        required
      />
      <FormField
        key={fields.timezone.key}
        {...field(fields.timezone)}
        label="Timezone"
        hint="The IANA name of where the summit meets, such as Europe/Prague or America/New_York."
        required
      />
      <FormField
        key={fields.venue.key}
        {...field(fields.venue)}
        label="Venue or co-located event"
        hint="Such as “KVM Forum 2017, Prague”. Optional."
        maxLength={VENUE_MAX_LENGTH * 2}
      />
      <FormField
        key={fields.listAddress.key}
        {...field(fields.listAddress)}
        label="Mailing-list address"
        type="email"
        hint="The published minutes are sent here."
        required
      />
      <FormField
        key={fields.signOff.key}
        {...field(fields.signOff)}
        label="Sign-off line"
        hint="The last line of the minutes, such as “-- PMM”. Optional."
        maxLength={SIGN_OFF_MAX_LENGTH * 2}
      />
    </>
  );
}
