"use client";
import { useActionState, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { IDLE_ACTION_STATE, type ActionState } from "@/lib/ui/action-state";
import { revokeSigningKeyAction } from "@/lib/actions/receipts";

// "Revoke – the key leaked": a confirmation dialog, then the outcome as a toast. The toast is raised
// as the action returns, not from an effect: the same response re-renders the key's row as "Revoked"
// without this button, which unmounts before an effect could run.
export function RevokeSigningKeyButton({ keyId, isActive }: { keyId: string; isActive: boolean }) {
  const [isOpen, setOpen] = useState(false);
  const [state, formAction, isPending] = useActionState(async (previous: ActionState, formData: FormData) => {
    const next = await revokeSigningKeyAction(previous, formData);
    if (next.ok) {
      setOpen(false);
      toast.success(next.message);
    }
    return next;
  }, IDLE_ACTION_STATE);
  return (
    <DialogRoot open={isOpen} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="secondary" aria-label={`Revoke – the key leaked: ${keyId}`}>
          Revoke – the key leaked
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Revoke key ${keyId}?`}
        description={
          <>
            Certificates signed with it and dated from now on will read &ldquo;Revoked&rdquo;; those dated earlier still verify.
            {isActive ? " A new key signs from now on." : ""} This can&apos;t be undone.
          </>
        }
      >
        <form action={formAction} className="flex flex-col gap-3">
          <input type="hidden" name="keyId" value={keyId} />
          <p role="status" aria-live="polite" className="min-h-5 text-sm text-red-600">
            {state.ok ? "" : state.message}
          </p>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button>Cancel</Button>
            </DialogClose>
            <Button type="submit" variant="danger" disabled={isPending}>
              {isPending ? "Revoking…" : "Revoke key"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
