"use client";
// The switch from ID-only to email-or-ID: a dialog that first shows what the switch would meet
// (conflicting emails, or how many suppressed emails it activates) and only then offers to confirm.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { ListTable, listColumnHelper } from "@/components/data-table/data-table";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot } from "@/components/ui/dialog";
import type { ModeSwitchConflict } from "@/lib/workspace/identification-mode";
import { previewModeSwitchAction, switchModeAction, type ModeSwitchPreview } from "@/lib/actions/workspace";
import { formatCount } from "@/lib/ui/format";

const conflict = listColumnHelper<ModeSwitchConflict>();
const conflictColumns = conflict.columns([
  conflict.accessor("email", { header: "Email", cell: (info) => info.getValue() }),
  conflict.accessor("count", { header: "People", cell: (info) => info.getValue(), meta: { cellClassName: "tabular-nums" } }),
  conflict.accessor("reason", { header: "Why", cell: (info) => (info.getValue() === "duplicate" ? "shared by several people" : "belongs to a suppressed profile") }),
]);

function ConflictsReport({ conflicts }: { conflicts: ModeSwitchConflict[] }) {
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      <p className="font-medium">
        Can&apos;t switch: {formatCount(conflicts.length)} {conflicts.length === 1 ? "email is" : "emails are"} not unique.
      </p>
      <p className="mt-1">Give each of these emails to one person only (edit or delete the others), then try again.</p>
      <ListTable columns={conflictColumns} data={conflicts.slice(0, 50)} getRowId={(c) => `${c.reason}:${c.email}`} label="Conflicting emails" empty="" className="mt-2" />
      {conflicts.length > 50 ? <p className="mt-1">… and {formatCount(conflicts.length - 50)} more.</p> : null}
    </div>
  );
}

export function IdentificationModePanel({ mode }: { mode: "id" | "email_or_id" }) {
  const router = useRouter();
  const [isOpen, setIsOpen] = useState(false);
  const [preview, setPreview] = useState<ModeSwitchPreview | null>(null);
  const [conflicts, setConflicts] = useState<ModeSwitchConflict[] | null>(null);
  const [isPending, startTransition] = useTransition();

  const check = () =>
    startTransition(async () => {
      setConflicts(null);
      const next = await previewModeSwitchAction();
      if (!next.ok) return void toast.error(next.message);
      setPreview(next);
      if (next.conflicts.length) setConflicts(next.conflicts);
    });

  const confirm = () =>
    startTransition(async () => {
      const result = await switchModeAction();
      if (result.ok) {
        toast.success(result.message);
        setIsOpen(false);
        router.refresh();
      } else if ("conflicts" in result) {
        setConflicts(result.conflicts);
      } else {
        toast.error(result.message);
      }
    });

  if (mode === "email_or_id") {
    return (
      <div className="text-sm text-slate-700">
        <p>
          <span className="font-medium text-slate-900">Email or ID.</span> Both <code>id</code> and <code>email</code> identify a person and are unique.
        </p>
        <p className="mt-1 text-slate-500">Switching back to ID-only is not offered.</p>
      </div>
    );
  }

  return (
    <div className="text-sm text-slate-700">
      <p>
        <span className="font-medium text-slate-900">ID only.</span> Only <code>id</code> identifies a person; email is a plain attribute and may repeat.
      </p>
      <p className="mt-1 text-slate-500">
        Switching to email or ID makes every email a unique identifier and suppresses the emails kept for suppressed profiles. It can&apos;t be undone.
      </p>
      <Button
        className="mt-3"
        onClick={() => {
          setPreview(null);
          setConflicts(null);
          setIsOpen(true);
          check();
        }}
      >
        Switch to email or ID…
      </Button>
      <DialogRoot open={isOpen} onOpenChange={setIsOpen}>
        <DialogContent title="Switch to email or ID?">
          {isPending && !preview ? <p className="text-sm text-slate-600">Checking emails…</p> : null}
          {conflicts && conflicts.length ? <ConflictsReport conflicts={conflicts} /> : null}
          {preview && !conflicts?.length ? (
            <p className="text-sm text-slate-700" role="status">
              No conflicts. {formatCount(preview.suppressedEmailsToActivate)} suppressed {preview.suppressedEmailsToActivate === 1 ? "email" : "emails"} will become
              suppressed identifiers: nobody can be created with {preview.suppressedEmailsToActivate === 1 ? "it" : "them"}.
            </p>
          ) : null}
          <div className="mt-4 flex justify-end gap-2">
            <DialogClose asChild>
              <Button>Cancel</Button>
            </DialogClose>
            {conflicts?.length ? (
              <Button onClick={check} disabled={isPending}>Check again</Button>
            ) : (
              <Button variant="primary" onClick={confirm} disabled={isPending || !preview}>
                Switch to email or ID
              </Button>
            )}
          </div>
        </DialogContent>
      </DialogRoot>
    </div>
  );
}
