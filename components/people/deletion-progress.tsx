"use client";
// Live progress of a background deletion job: done / total, rate and time left. It polls the job
// table through GET /api/deletion-jobs/:id, so it picks up where it was after a reload or a server
// restart; a toast says when the job has finished.
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { DeletionProgress as Progress } from "@/lib/deletion/progress";
import { cancelDeletionAction } from "@/lib/actions/deletion";
import { formatCount } from "@/lib/ui/format";

// The job's progress, null when it doesn't exist (404); throws while the server can't answer.
async function fetchProgress(jobId: string): Promise<Progress | null> {
  const response = await fetch(`/api/deletion-jobs/${encodeURIComponent(jobId)}`, { cache: "no-store" });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`progress answered ${response.status}`);
  return (await response.json()) as Progress;
}

// One toast per job (its id): the dialog's own, when it is open, replaces this one.
function announce(progress: Progress) {
  const what = progress.suppress ? "deleted and suppressed" : "deleted";
  const id = `${progress.receiptId}-done`;
  if (progress.status === "completed") toast.success(`${formatCount(progress.done)} people ${what}. Receipt ${progress.receiptId}`, { id });
  else if (progress.status === "cancelled") toast.info(`Deletion cancelled: ${formatCount(progress.done)} of ${formatCount(progress.total)} ${what}.`, { id });
  else if (progress.status === "failed") toast.error(`Deletion failed after ${formatCount(progress.done)} of ${formatCount(progress.total)}. See Deletions to resume it.`, { id });
}

const POLL_MS = 1_000;

function formatEta(seconds: number | null): string {
  if (seconds === null) return "estimating time left";
  if (seconds < 60) return `about ${seconds} s left`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `about ${minutes} min ${seconds % 60} s left`;
  return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

export function DeletionProgress({ jobId, onFinished }: { jobId: string; onFinished?: (progress: Progress) => void }) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [isUnreachable, setIsUnreachable] = useState(false);
  const finished = useRef(false);
  const onFinishedRef = useRef(onFinished);
  useEffect(() => {
    onFinishedRef.current = onFinished;
  });

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let isActive = true;
    const poll = async () => {
      try {
        const next = await fetchProgress(jobId);
        if (!isActive) return;
        setIsUnreachable(false);
        setProgress(next);
        if (next && (next.status === "completed" || next.status === "failed" || next.status === "cancelled")) {
          if (!finished.current) {
            finished.current = true;
            announce(next);
            onFinishedRef.current?.(next);
          }
          return;
        }
      } catch {
        // The server may be restarting: keep polling, the job resumes on its own.
        if (isActive) setIsUnreachable(true);
      }
      if (isActive) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      isActive = false;
      if (timer) clearTimeout(timer);
    };
  }, [jobId]);

  const done = progress?.done ?? 0;
  const total = progress?.total ?? 0;
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  const isRunning = !progress || progress.status === "queued" || progress.status === "running";
  return (
    <div className="rounded-md border border-slate-200 bg-white p-3 text-sm" data-testid="deletion-progress">
      <div className="flex items-center justify-between gap-2">
        <p className="font-medium text-slate-800">
          {progress?.suppress ? "Deleting and suppressing" : "Deleting"} people{progress?.receiptId ? <span className="font-normal text-slate-500"> · receipt {progress.receiptId}</span> : null}
        </p>
        {isRunning && progress ? (
          <Button variant="ghost" onClick={() => void cancelDeletionAction(jobId)}>
            Cancel job
          </Button>
        ) : null}
      </div>
      <div
        role="progressbar"
        aria-label="Deletion progress"
        aria-valuemin={0}
        aria-valuemax={total || 1}
        aria-valuenow={done}
        aria-valuetext={`${formatCount(done)} of ${formatCount(total)} deleted`}
        className="mt-2 h-2 overflow-hidden rounded bg-slate-100"
      >
        <div className="h-full bg-red-500 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-2 text-slate-600" aria-live="polite">
        {!progress
          ? "Starting…"
          : progress.status === "completed"
            ? `Done: ${formatCount(done)} of ${formatCount(total)} deleted.`
            : progress.status === "cancelled"
              ? `Cancelled after ${formatCount(done)} of ${formatCount(total)}.`
              : progress.status === "failed"
                ? `Failed after ${formatCount(done)} of ${formatCount(total)}${progress.error ? `: ${progress.error}` : ""}.`
                : `${formatCount(done)} of ${formatCount(total)} deleted · ${progress.rate ? `${formatCount(Math.round(progress.rate))}/s` : "starting"} · ${formatEta(progress.etaSeconds)}`}
        {isUnreachable ? " (reconnecting…)" : ""}
      </p>
    </div>
  );
}
