"use client";
// CSV import in two steps: Preview (counts and invalid rows, nothing written), then Apply.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { ListTable, listColumnHelper } from "@/components/data-table/data-table";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { ESP_TYPE_OPTIONS } from "@/lib/esp-suppression/schemas";
import { espFileProblem, ESP_UPLOAD_URL, type ImportState } from "@/lib/esp-suppression/upload";
import { formatCount } from "@/lib/ui/format";
import { uploadCsvFile } from "@/lib/ui/upload-csv";

type InvalidRow = { line: number; message: string };
const invalidRow = listColumnHelper<InvalidRow>();
const invalidRowColumns = invalidRow.columns([
  invalidRow.accessor("line", { header: "Line", cell: (info) => info.getValue(), meta: { cellClassName: "tabular-nums" } }),
  invalidRow.accessor("message", { header: "Problem", cell: (info) => info.getValue(), meta: { cellClassName: "whitespace-normal text-red-700" } }),
]);

export function ImportForm() {
  const [file, setFile] = useState<File | null>(null);
  const [defaultType, setDefaultType] = useState("");
  const [result, setResult] = useState<ImportState | null>(null);
  const [isPending, startTransition] = useTransition();
  const router = useRouter();

  // Sends the file to the upload route (a Server Action would hold all of it in memory).
  const run = (intent: "preview" | "apply") => {
    const problem = espFileProblem(file);
    if (problem || !file) {
      setResult({ ok: false, message: problem ?? "Choose a CSV file." });
      return;
    }
    const query = new URLSearchParams({ intent });
    if (defaultType) query.set("default_type", defaultType);
    startTransition(async () => {
      const next: ImportState = await uploadCsvFile(`${ESP_UPLOAD_URL}?${query}`, file);
      setResult(next);
      if (intent === "apply" && next.ok) toast.success(next.message);
      if (intent === "apply" && next.summary) router.refresh();
    });
  };

  const summary = result?.summary;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-slate-600">
        A header row with <code>email</code>, and optionally <code>type</code>, <code>reason</code>, <code>status_code</code>. An export imports back as is.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="esp-import-file" className="text-sm font-medium text-slate-700">CSV file</label>
          <input
            id="esp-import-file"
            type="file"
            accept=".csv,text/csv"
            className="text-sm"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setResult(null);
            }}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="esp-import-type" className="text-sm font-medium text-slate-700">Type for rows without one</label>
          <Select id="esp-import-type" value={defaultType} onChange={(event) => { setDefaultType(event.target.value); setResult(null); }}>
            <option value="">None (such rows are invalid)</option>
            {ESP_TYPE_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>{option.label}</option>
            ))}
          </Select>
        </div>
        <Button onClick={() => run("preview")} disabled={isPending || !file}>
          Preview import
        </Button>
      </div>

      {result && !result.ok ? <p role="alert" className="text-sm text-red-600">{result.message}</p> : null}

      {summary ? (
        <section aria-label="Import preview" className="rounded-md border border-slate-200 bg-slate-50 p-4 text-sm">
          <p className="font-medium text-slate-900" role="status">{result?.message}</p>
          <dl className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-5">
            <div><dt className="text-slate-500">Rows</dt><dd>{formatCount(summary.rows)}</dd></div>
            <div><dt className="text-slate-500">{summary.isApplied ? "Added" : "To add"}</dt><dd>{formatCount(summary.isApplied ? summary.added : summary.toAdd)}</dd></div>
            <div><dt className="text-slate-500">Already listed</dt><dd>{formatCount(summary.alreadyListed)}</dd></div>
            <div><dt className="text-slate-500">Duplicates in file</dt><dd>{formatCount(summary.duplicates)}</dd></div>
            <div><dt className="text-slate-500">Invalid rows</dt><dd>{formatCount(summary.invalid)}</dd></div>
          </dl>
          <p className="mt-2 text-slate-600">
            By type: {ESP_TYPE_OPTIONS.map((option) => `${option.label} ${formatCount(summary.byType[option.value])}`).join(" · ")}
          </p>
          {summary.errors.length > 0 ? (
            <ListTable columns={invalidRowColumns} data={summary.errors} getRowId={(error) => `${error.line}-${error.message}`} label="Invalid rows" empty="" className="mt-3 max-w-2xl" />
          ) : null}
          {summary.invalid > summary.errors.length ? <p className="mt-1 text-slate-500">Showing the first {summary.errors.length} invalid rows.</p> : null}
          {!summary.isApplied ? (
            <div className="mt-3">
              <Button variant="primary" onClick={() => run("apply")} disabled={isPending || summary.toAdd === 0}>
                Apply import ({formatCount(summary.toAdd)} new)
              </Button>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
