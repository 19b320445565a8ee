import { parse, type Submission } from "@conform-to/react";
import { useCallback, useRef } from "react";

/** A form's checks as Conform runs them in the browser. */
export type FormCheck<Input, Output> = (formData: FormData) => Submission<Input, string[], Output>;

/**
 * A form's checks in the browser, loaded when someone starts on the form (its
 * first focus) rather than with the page, so the schema and the Zod code it
 * calls are not part of the page's first load. Until they have arrived, a
 * form sent is sent as it is, and the server, which checks with the same
 * schema, answers beside each field as it does without JavaScript.
 */
export function useDeferredChecks<Input, Output>(load: () => Promise<FormCheck<Input, Output>>) {
  const check = useRef<FormCheck<Input, Output> | null>(null);
  const loading = useRef<Promise<void> | null>(null);
  const start = useCallback(() => {
    // A failed load is tried again on the next focus; meanwhile the server checks.
    loading.current ??= load().then(
      (loaded) => {
        check.current = loaded;
      },
      () => {
        loading.current = null;
      },
    );
  }, [load]);
  const onValidate = useCallback(
    ({ formData }: { formData: FormData }): Submission<Input, string[], Output> =>
      check.current
        ? check.current(formData)
        : (parse(formData, { resolve: (value) => ({ value: value as Output }) }) as Submission<
            Input,
            string[],
            Output
          >),
    [],
  );
  return { start, onValidate };
}
