// The proposal and edit forms' checks in the browser, loaded by those pages when
// someone starts on the form (see deferred-checks.ts): the very schemas the
// server applies.
import { parseWithZod } from "./conform";
import { EditItemFormSchema, NewItemFormSchema } from "./item-proposal";

export function checkNewItem(formData: FormData) {
  return parseWithZod(formData, { schema: NewItemFormSchema });
}

export function checkEditedItem(formData: FormData) {
  return parseWithZod(formData, { schema: EditItemFormSchema });
}
