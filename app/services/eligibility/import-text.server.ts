import { parseContributorCsv, parseShortlog, type ContributorCount } from "~/domain/eligibility/contributors";
import { NotThatFormatError, type ImportReport } from "~/domain/eligibility/import-report";
import { parseMaintainersFile, type MaintainerEntry } from "~/domain/eligibility/maintainers-file";
import type { TextImportKind } from "~/forms/contributor-import";
import { refuse } from "../kernel/result.server";

/** What pasted or uploaded text holds, line by line: what its preview shows and its import applies. */
export type TextImportReport =
  | { kind: "shortlog" | "csv"; report: ImportReport<ContributorCount> }
  | { kind: "maintainers"; report: ImportReport<MaintainerEntry> };

/**
 * Reads text as the kind it claims to be. Text that is plainly another kind
 * of file is refused (422) with the parser's reason, beside the text.
 */
export function readImportText(kind: TextImportKind, text: string): TextImportReport {
  try {
    switch (kind) {
      case "shortlog":
        return { kind, report: parseShortlog(text) };
      case "csv":
        return { kind, report: parseContributorCsv(text) };
      case "maintainers":
        return { kind, report: parseMaintainersFile(text) };
    }
  } catch (error) {
    if (error instanceof NotThatFormatError) refuse(422, error.message, { text: error.message });
    throw error;
  }
}
