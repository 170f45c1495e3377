// What the People → Import page and its upload route (POST /api/imports/people) agree on: the cap,
// the messages, the state the form shows. Client-safe: the browser checks a file before sending it.
import type { ActionState } from "../ui/action-state";
import { EMPTY_FILE_MESSAGE } from "../ui/upload-csv";
import type { ImportSummary } from "./import-people";

export const PEOPLE_UPLOAD_URL = "/api/imports/people";
// The page's cap, checked in the browser, by Content-Length and while the import streams. Bigger
// files are split; the import doesn't need more (a million rows of a few attributes fit).
export const MAX_PEOPLE_UPLOAD_BYTES = 50 * 1024 * 1024;
export const PEOPLE_UPLOAD_TOO_LARGE = "The file is over 50 MB; split it and import the parts.";

export type ImportPeopleState = ActionState & { summary?: ImportSummary };

// Why a chosen file can't be sent, or null when it can.
export function peopleFileProblem(file: FormDataEntryValue | null): string | null {
  if (!(file instanceof Blob) || !(file).name) return "Choose a CSV file.";
  if (file.size === 0) return EMPTY_FILE_MESSAGE;
  if (file.size > MAX_PEOPLE_UPLOAD_BYTES) return PEOPLE_UPLOAD_TOO_LARGE;
  const { name, type } = file;
  if (!/\.(csv|txt)$/i.test(name) && !/csv|text\/plain/.test(type)) return "Choose a .csv file.";
  return null;
}

// The form's state for a finished (or stopped) import.
export function importPeopleState(summary: ImportSummary): ImportPeopleState {
  const counts = `${summary.created} created, ${summary.updated} updated, ${summary.rejected} rejected`;
  return summary.status === "completed"
    ? { ok: true, message: `Import finished: ${counts}.`, summary }
    : { ok: false, message: `Import stopped: ${summary.failure ?? "the file could not be read"} (${counts}).`, summary };
}
