import { FormField } from "~/components/form-field";
import { SIGN_OFF_MAX_LENGTH, SLUG_MAX_LENGTH, TITLE_MAX_LENGTH, VENUE_MAX_LENGTH } from "~/domain/summit/details";
import type { FieldErrors } from "~/forms/summit";

type DetailName = "title" | "slug" | "startsOn" | "endsOn" | "timezone" | "venue" | "listAddress" | "signOff";

interface SummitDetailsFieldsProps {
  /** What each field shows: what was typed, or the summit's current details. */
  values: Partial<Record<DetailName, string | null>>;
  errors?: FieldErrors;
  /** Creating a summit also asks for its short name, which cannot change later. */
  creating?: boolean;
}

/** The fields of a summit's details, shared by the form that creates a summit and the one that edits it. */
export function SummitDetailsFields({ values, errors, creating = false }: SummitDetailsFieldsProps) {
  // maxLength is twice the limit: an over-long entry still reaches the server, which says what is wrong.
  const field = (name: DetailName) => ({
    id: name,
    name,
    defaultValue: values[name] ?? "",
    error: errors?.[name],
    autoComplete: "off",
  });
  return (
    <>
      <FormField
        {...field("title")}
        label="Title"
        hint={creating ? "Such as “QEMU Summit 2025”." : undefined}
        maxLength={TITLE_MAX_LENGTH * 2}
        required
      />
      {creating ? (
        <FormField
          {...field("slug")}
          label="Short name for its address"
          hint={`The summit lives at /summits/<short name>: lower-case letters, digits and single hyphens, at most ${SLUG_MAX_LENGTH} characters. It cannot be changed later.`}
          maxLength={SLUG_MAX_LENGTH * 2}
          required
        />
      ) : null}
      <FormField {...field("startsOn")} label="First day" type="date" required />
      <FormField
        {...field("endsOn")}
        label="Last day"
        type="date"
        hint="The same as the first day for a one-day summit."
        required
      />
      <FormField
        {...field("timezone")}
        label="Timezone"
        hint="The IANA name of where the summit meets, such as Europe/Prague or America/New_York."
        required
      />
      <FormField
        {...field("venue")}
        label="Venue or co-located event"
        hint="Such as “KVM Forum 2017, Prague”. Optional."
        maxLength={VENUE_MAX_LENGTH * 2}
      />
      <FormField
        {...field("listAddress")}
        label="Mailing-list address"
        type="email"
        hint="The published minutes are sent here."
        required
      />
      <FormField
        {...field("signOff")}
        label="Sign-off line"
        hint="The last line of the minutes, such as “-- PMM”. Optional."
        maxLength={SIGN_OFF_MAX_LENGTH * 2}
      />
    </>
  );
}
