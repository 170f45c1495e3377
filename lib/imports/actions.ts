"use server";
// The People page's Import: a CSV file from the form, imported through lib/imports. Staff of either
// role (it is part of the People page), checked here.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { FormState } from "../auth/form-state";
import { actorOf, requireActionUser } from "../auth/guard";
import { getWorkspace } from "../workspace/workspace";
import { importPeople, type ImportSummary } from "./import-people";

const MAX_IMPORT_FILE_BYTES = 50 * 1024 * 1024;

export type ImportPeopleState = FormState & { summary?: ImportSummary };

const fileSchema = z
  .instanceof(File, { message: "Choose a CSV file." })
  .refine((file) => file.size > 0, "The file is empty.")
  .refine((file) => file.size <= MAX_IMPORT_FILE_BYTES, "The file is over 50 MB; split it or use POST /api/v1/imports.")
  .refine((file) => /\.(csv|txt)$/i.test(file.name) || /csv|text\/plain/.test(file.type), "Choose a .csv file.");

// Imports the uploaded file and returns its summary (created, updated, rejected and the import id).
export async function importPeopleAction(_previous: ImportPeopleState, formData: FormData): Promise<ImportPeopleState> {
  const user = await requireActionUser();
  const parsed = fileSchema.safeParse(formData.get("file"));
  if (!parsed.success) {
    const messages = parsed.error.issues.map((issue) => issue.message);
    return { ok: false, message: messages[0], errors: { file: messages } };
  }
  const workspace = await getWorkspace();
  const summary = await importPeople({ workspace, source: parsed.data.stream(), fileName: parsed.data.name, actor: actorOf(user) });
  revalidatePath("/people");
  revalidatePath("/people/import");
  const counts = `${summary.created} created, ${summary.updated} updated, ${summary.rejected} rejected`;
  return summary.status === "completed"
    ? { ok: true, message: `Import finished: ${counts}.`, summary }
    : { ok: false, message: `Import stopped: ${summary.failure ?? "the file could not be read"} (${counts}).`, summary };
}
