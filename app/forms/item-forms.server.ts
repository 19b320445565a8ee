// What the item pages' actions take from forms/: the item form schemas and the
// refusal reply. A page module imports them from here, a server-only module, so
// that the browser's build of the page takes in no schema (and no Zod) for its
// action's sake; the browser loads the same schemas on its own, through
// item-checks.ts, when someone starts on a form.
export { EditItemFormSchema, NewItemFormSchema, WithdrawItemFormSchema } from "./item-proposal";
export { refusalReply } from "./reply";
