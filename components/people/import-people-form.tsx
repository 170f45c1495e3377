"use client";
import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/input";
import { peopleFileProblem, PEOPLE_UPLOAD_URL, type ImportPeopleState } from "@/lib/imports/upload";
import { formatCount } from "@/lib/ui/format";
import { uploadCsvFile } from "@/lib/ui/upload-csv";

const IDLE: ImportPeopleState = { ok: false, message: "" };

// Sends the chosen file to the upload route (a Server Action would hold all of it in memory); a
// problem with the file itself shows next to the field.
async function importPeopleFile(_previous: ImportPeopleState, formData: FormData): Promise<ImportPeopleState> {
  const file = formData.get("file") as File | null;
  const problem = peopleFileProblem(file);
  if (problem || !file) return { ok: false, message: problem ?? "", fieldErrors: { file: [problem ?? ""] } };
  const state: ImportPeopleState = await uploadCsvFile(`${PEOPLE_UPLOAD_URL}?file_name=${encodeURIComponent(file.name)}`, file);
  return state.ok || state.summary ? state : { ...state, fieldErrors: { file: [state.message] } };
}

// Uploads a CSV of people and shows the summary with a link to the error report.
export function ImportPeopleForm() {
  const router = useRouter();
  const [state, formAction, isPending] = useActionState(async (previous: ImportPeopleState, formData: FormData) => {
    const next = await importPeopleFile(previous, formData);
    // The route revalidated the pages; this shows the new import in the list below.
    if (next.summary) router.refresh();
    return next;
  }, IDLE);
  const fileError = state.fieldErrors?.file?.[0];
  const summary = state.summary;
  return (
    <div className="flex flex-col gap-4">
      <form action={formAction} className="flex flex-wrap items-end gap-4" noValidate>
        <div className="flex flex-col gap-1">
          <label htmlFor="import-file" className="text-sm font-medium text-slate-700">
            CSV file
          </label>
          <input
            id="import-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-describedby="import-file-error"
            aria-invalid={!!fileError || undefined}
            className="text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium"
          />
          <FieldError id="import-file-error" message={fileError} />
        </div>
        <div className="pb-5">
          <Button type="submit" variant="primary" disabled={isPending}>
            {isPending ? "Importing…" : "Import"}
          </Button>
        </div>
      </form>
      <p role="status" aria-live="polite" className={state.ok ? "text-sm text-emerald-700" : "text-sm text-red-600"}>
        {isPending ? "" : state.message}
      </p>
      {summary && !isPending ? (
        <section aria-label="Import summary" className="rounded-lg border border-slate-200 bg-white p-4">
          <dl className="grid max-w-md grid-cols-3 gap-4 text-sm">
            <div>
              <dt className="text-slate-500">Created</dt>
              <dd className="text-lg font-semibold text-slate-900">{formatCount(summary.created)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Updated</dt>
              <dd className="text-lg font-semibold text-slate-900">{formatCount(summary.updated)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Rejected</dt>
              <dd className="text-lg font-semibold text-slate-900">{formatCount(summary.rejected)}</dd>
            </div>
          </dl>
          {summary.rejected > 0 ? (
            <a className="mt-3 inline-block text-sm font-medium text-indigo-700 underline" href={`/api/v1/imports/${summary.id}/errors`} download>
              Download the error report
            </a>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
