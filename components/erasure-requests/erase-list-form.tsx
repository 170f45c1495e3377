"use client";
// "Erase a list": paste identifiers or choose a .txt / .csv file → the preview (counts per outcome,
// filterable, on the table kit) → the Delete forever dialog, which sends the same list again with the
// preview's time, so that what is applied is what was previewed.
import { useId, useMemo, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { ListTable } from "@/components/data-table/data-table";
import { DeleteDialog } from "@/components/people/delete-dialog";
import { Button } from "@/components/ui/button";
import { FieldError, Select } from "@/components/ui/input";
import { ERASURE_APPLY_URL, ERASURE_PREVIEW_URL, type ErasureApplyAnswer, type ErasurePreviewAnswer } from "@/lib/erasure-requests/upload";
import type { DeletePeopleResult } from "@/lib/actions/people";
import type { IdentificationMode } from "@/lib/suppression/mode-effects";
import { formatCount } from "@/lib/ui/format";
import { uploadCsvFile } from "@/lib/ui/upload-csv";
import { OUTCOMES, previewColumns, type PreviewRow } from "./columns";

// Rows drawn at once; the counts and the filter cover all of them.
const SHOWN_ROWS = 500;
const MAX_BYTES = 10 * 1024 * 1024;

function rowKey(row: PreviewRow): string {
  return row.outcome === "person" ? `p:${row.cioId}` : `${row.outcome}:${row.lines[0]}:${row.outcome === "invalid" ? row.reason : row.identifier}`;
}

export function EraseListForm({ identificationMode }: { identificationMode: IdentificationMode }) {
  const id = useId();
  const router = useRouter();
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ answer: ErasurePreviewAnswer; list: Blob } | null>(null);
  const [outcome, setOutcome] = useState<"" | PreviewRow["outcome"]>("");
  const [isDialogOpen, setIsDialogOpen] = useState(false);
  const [isPending, startTransition] = useTransition();

  const runPreview = () => {
    const list: Blob | null = file ?? (text.trim() ? new Blob([text], { type: "text/csv" }) : null);
    if (!list) {
      setError("Paste identifiers or choose a file.");
      return;
    }
    if (list.size > MAX_BYTES) {
      setError("The list is over 10 MB; split it into parts of at most 100,000 lines.");
      return;
    }
    setError(null);
    startTransition(async () => {
      const answer = await uploadCsvFile<ErasurePreviewAnswer>(ERASURE_PREVIEW_URL, list);
      if (!answer.ok || !("counts" in answer)) {
        setPreview(null);
        setError(answer.message);
        return;
      }
      setOutcome("");
      setPreview({ answer: answer, list });
    });
  };

  const submit = async ({ suppress, confirmation }: { suppress: boolean; confirmation?: string }): Promise<DeletePeopleResult> => {
    if (!preview) return { ok: false, message: "Preview the list first." };
    const params = new URLSearchParams({ previewed_at: preview.answer.previewedAt, preview_people: String(preview.answer.counts.person) });
    if (suppress) params.set("suppress", "1");
    if (confirmation) params.set("typed", confirmation);
    const answer = (await uploadCsvFile<ErasureApplyAnswer>(`${ERASURE_APPLY_URL}?${params}`, preview.list)) as ErasureApplyAnswer;
    return answer;
  };

  const rows = useMemo(() => (preview ? preview.answer.rows.filter((r) => !outcome || r.outcome === outcome) : []), [preview, outcome]);
  const counts = preview?.answer.counts;

  return (
    <div className="flex flex-col gap-6">
      <form
        className="flex flex-col gap-3"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          runPreview();
        }}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-text`} className="text-sm font-medium text-slate-700">
            Identifiers, one per line
          </label>
          <textarea
            id={`${id}-text`}
            rows={8}
            value={text}
            onChange={(e) => setText(e.target.value)}
            disabled={Boolean(file)}
            placeholder={"customer-1042\njane@example.com\ncio_0123456789abcdef0123"}
            className="rounded-md border border-slate-300 p-2 font-mono text-sm"
            aria-describedby={`${id}-error`}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-file`} className="text-sm font-medium text-slate-700">
            Or a .txt or .csv file (one per line, or a column named id, email or cio_id)
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".txt,.csv,text/plain,text/csv"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            className="text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium"
          />
        </div>
        <FieldError id={`${id}-error`} message={error} />
        <div>
          <Button type="submit" variant="primary" disabled={isPending}>
            {isPending ? "Previewing…" : "Preview"}
          </Button>
        </div>
      </form>

      {preview && counts ? (
        <section aria-label="Preview" className="flex flex-col gap-3">
          <p className="text-sm text-slate-600">
            {formatCount(preview.answer.lines)} lines. Nothing has changed yet: this is what applying the list would do now.
          </p>
          <dl aria-label="Counts per outcome" className="grid max-w-2xl grid-cols-4 gap-4 text-sm">
            {OUTCOMES.map((o) => (
              <div key={o.value}>
                <dt className="text-slate-500">{o.label}</dt>
                <dd className="text-lg font-semibold text-slate-900 tabular-nums">{formatCount(counts[o.value])}</dd>
              </div>
            ))}
          </dl>
          <div className="flex flex-wrap items-end gap-3">
            <div className="flex flex-col gap-1">
              <label htmlFor={`${id}-outcome`} className="text-xs font-medium text-slate-600">
                Outcome
              </label>
              <Select id={`${id}-outcome`} value={outcome} onChange={(e) => setOutcome(e.target.value as typeof outcome)}>
                <option value="">All outcomes</option>
                {OUTCOMES.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label} ({formatCount(counts[o.value])})
                  </option>
                ))}
              </Select>
            </div>
            <Button variant="danger" disabled={counts.person + counts.nobody === 0} onClick={() => setIsDialogOpen(true)}>
              Delete forever
            </Button>
          </div>
          <ListTable
            columns={previewColumns}
            data={rows.slice(0, SHOWN_ROWS)}
            getRowId={rowKey}
            label="Erasure preview"
            empty="No lines with this outcome."
          />
          {rows.length > SHOWN_ROWS ? (
            <p className="text-sm text-slate-600">
              Showing the first {formatCount(SHOWN_ROWS)} of {formatCount(rows.length)} rows; filter by outcome to see others.
            </p>
          ) : null}
          <DeleteDialog
            open={isDialogOpen}
            onOpenChange={setIsDialogOpen}
            count={counts.person}
            selection={null}
            identificationMode={identificationMode}
            submit={submit}
            suppressNote={
              counts.nobody
                ? `The list's ${formatCount(counts.nobody)} ${counts.nobody === 1 ? "identifier" : "identifiers"} that match nobody are suppressed too.`
                : undefined
            }
            onDeleted={() => {
              setPreview(null);
              setText("");
              setFile(null);
              router.refresh();
            }}
          />
        </section>
      ) : null}
    </div>
  );
}
