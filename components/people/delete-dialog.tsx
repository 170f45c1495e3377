"use client";
// "Delete N people forever?": the choice to suppress, a typed confirmation above 1,000 people, and
// then either an immediate result or a background job's progress. Shared by the People and person pages.
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { FieldError, Input } from "@/components/ui/input";
import type { DeletionProgress as Progress } from "@/lib/deletion/progress";
import { deletePeopleAction, type DeletePeopleInput, type DeletePeopleResult } from "@/lib/actions/people";
import { isConfirmationValid, TYPED_CONFIRMATION_THRESHOLD } from "@/lib/deletion/delete-rules";
import { suppressionWording, type IdentificationMode } from "@/lib/suppression/mode-effects";
import { formatCount } from "@/lib/ui/format";
import { certificateToastAction } from "@/components/receipts/certificate-toast-action";
import { DeletionProgress } from "./deletion-progress";

// Long enough to note the receipt id (the audit log has it too).
const RECEIPT_TOAST_MS = 15_000;

export type DeleteSelection = DeletePeopleInput["selection"];

export function peopleCount(count: number): string {
  return `${formatCount(count)} ${count === 1 ? "person" : "people"}`;
}

export function DeleteDialog({
  open,
  onOpenChange,
  count,
  selection,
  identificationMode,
  onDeleted,
  onCountChanged,
  submit,
  suppressNote,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  count: number;
  selection: DeleteSelection | null;
  // The workspace's mode: what suppress does to an email depends on it.
  identificationMode: IdentificationMode;
  // Called once people are gone (inline), or when a job finishes.
  onDeleted: (summary: { deleted: number; receiptId: string }) => void;
  // The server refused because the view now matches this many people; the dialog stays open on its
  // message so staff confirm the new number.
  onCountChanged?: (count: number) => void;
  // Something other than a selection of people to delete (an erasure request's list): sent by this
  // instead of the Delete forever action, with the same answer shape.
  submit?: (input: { suppress: boolean; confirmation?: string }) => Promise<DeletePeopleResult>;
  // What suppress also does here, under its explanation.
  suppressNote?: string;
}) {
  const id = useId();
  const [suppress, setSuppress] = useState(false);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<{ jobId: string; total: number } | null>(null);
  const [isPending, startTransition] = useTransition();
  const needsTyping = count > TYPED_CONFIRMATION_THRESHOLD;
  const wording = suppressionWording(identificationMode);

  // Radix returns focus to a Dialog.Trigger; this dialog is opened from elsewhere (toolbar, person
  // page), so remember what had focus and give it back on close.
  const returnFocus = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (open) {
      returnFocus.current = document.activeElement as HTMLElement | null;
      return;
    }
    const element = returnFocus.current;
    if (element) requestAnimationFrame(() => element.isConnected && element.focus());
  }, [open]);

  const reset = () => {
    setSuppress(false);
    setTyped("");
    setError(null);
    setJob(null);
  };
  const handleOpenChange = (next: boolean) => {
    if (isPending) return; // a running deletion can't be dismissed half-way
    if (!next) reset();
    onOpenChange(next);
  };

  const confirm = () => {
    if (!selection && !submit) return;
    if (!isConfirmationValid(count, typed)) {
      setError(`Type ${formatCount(count)} to confirm.`);
      return;
    }
    setError(null);
    startTransition(async () => {
      let result: DeletePeopleResult;
      try {
        const confirmation = needsTyping ? typed : undefined;
        result = submit ? await submit({ suppress, confirmation }) : await deletePeopleAction({ selection: selection!, suppress, confirmation });
      } catch {
        setError("The deletion could not be started. Nothing was deleted; try again.");
        return;
      }
      if (!result.ok) {
        setError(result.message);
        if (result.changedCount !== undefined) {
          setTyped("");
          onCountChanged?.(result.changedCount);
        }
        return;
      }
      if (result.mode === "inline") {
        toast.success(result.message, { id: result.receiptId, duration: RECEIPT_TOAST_MS, action: certificateToastAction(result.receiptId) });
        onDeleted({ deleted: result.deleted, receiptId: result.receiptId });
        reset();
        onOpenChange(false);
        return;
      }
      toast.info(result.message, { id: result.receiptId, duration: RECEIPT_TOAST_MS });
      setJob({ jobId: result.jobId, total: result.total });
    });
  };

  const jobFinished = (progress: Progress) => {
    const message =
      progress.status === "completed"
        ? `${peopleCount(progress.done)} ${progress.suppress ? "deleted and suppressed" : "deleted"}. Receipt ${progress.receiptId}`
        : progress.status === "cancelled"
          ? `Deletion cancelled after ${peopleCount(progress.done)}. Receipt ${progress.receiptId}`
          : `Deletion failed after ${peopleCount(progress.done)}. Receipt ${progress.receiptId}`;
    const done = { id: `${progress.receiptId}-done`, duration: RECEIPT_TOAST_MS, action: certificateToastAction(progress.receiptId) };
    if (progress.status === "completed") toast.success(message, done);
    else toast.error(message, done);
    onDeleted({ deleted: progress.done, receiptId: progress.receiptId });
  };

  const title = `Delete ${peopleCount(count)} forever?`;
  return (
    <DialogRoot open={open} onOpenChange={handleOpenChange}>
      {open ? (
        <DialogContent title={title} description="Their profiles, attributes and segment memberships are removed. This can't be undone.">
          {job ? (
            <div className="flex flex-col gap-4">
              <DeletionProgress jobId={job.jobId} onFinished={jobFinished} />
              <p className="text-sm text-slate-600">The job keeps running if you close this dialog or the server restarts.</p>
              <div className="flex justify-end">
                <Button onClick={() => handleOpenChange(false)}>Close</Button>
              </div>
            </div>
          ) : (
            <form
              className="flex flex-col gap-4"
              onSubmit={(event) => {
                event.preventDefault();
                confirm();
              }}
            >
              <div className="flex items-start gap-2">
                <input
                  id={`${id}-suppress`}
                  type="checkbox"
                  checked={suppress}
                  onChange={(e) => setSuppress(e.target.checked)}
                  aria-describedby={`${id}-explain`}
                  className="mt-1 size-4 accent-red-600"
                />
                <div>
                  <label htmlFor={`${id}-suppress`} className="text-sm font-medium text-slate-900">
                    Suppress these people&apos;s identifiers
                  </label>
                  <ul id={`${id}-explain`} className="mt-1 flex flex-col gap-1 text-sm text-slate-600">
                    <li>
                      <span className="font-medium text-slate-700">Suppress:</span> {wording.suppress}
                    </li>
                    <li>
                      <span className="font-medium text-slate-700">Don&apos;t suppress:</span> {wording.dontSuppress}
                    </li>
                    {suppressNote ? <li>{suppressNote}</li> : null}
                  </ul>
                </div>
              </div>
              {needsTyping ? (
                <div className="flex flex-col gap-1">
                  <label htmlFor={`${id}-typed`} className="text-sm font-medium text-slate-900">
                    Type {formatCount(count)} to confirm
                  </label>
                  <Input
                    id={`${id}-typed`}
                    inputMode="numeric"
                    autoComplete="off"
                    value={typed}
                    onChange={(e) => setTyped(e.target.value)}
                    aria-invalid={Boolean(error) || undefined}
                    aria-describedby={`${id}-error`}
                  />
                </div>
              ) : null}
              <FieldError id={`${id}-error`} message={error} />
              <div className="flex justify-end gap-2">
                <Button onClick={() => handleOpenChange(false)} disabled={isPending}>
                  Cancel
                </Button>
                <Button type="submit" variant="danger" disabled={isPending || (!selection && !submit) || (needsTyping && !isConfirmationValid(count, typed))}>
                  {isPending ? "Deleting…" : suppress ? "Delete and suppress forever" : "Delete forever"}
                </Button>
              </div>
            </form>
          )}
        </DialogContent>
      ) : null}
    </DialogRoot>
  );
}
