"use client";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { revokeApiKeyAction } from "@/lib/actions/api-keys";
import { IDLE_ACTION_STATE } from "@/lib/ui/action-state";

export function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  const [state, formAction, isPending] = useActionState(revokeApiKeyAction, IDLE_ACTION_STATE);
  const [isOpen, setOpen] = useState(false);
  // Reacting to a new action state while rendering (React's "adjusting state when a prop changes"), not in an effect.
  const [seenState, setSeenState] = useState(state);
  if (state !== seenState) {
    setSeenState(state);
    if (state.ok) setOpen(false);
  }
  return (
    <DialogRoot open={isOpen} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="secondary" aria-label={`Revoke ${name}`}>
          Revoke
        </Button>
      </DialogTrigger>
      <DialogContent title={`Revoke "${name}"?`} description="Integrations using this key will get 401 from now on. This can't be undone.">
        <form action={formAction} className="flex flex-col gap-3">
          <input type="hidden" name="id" value={id} />
          <p role="status" aria-live="polite" className="min-h-5 text-sm text-red-600">
            {state.ok ? "" : state.message}
          </p>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button>Cancel</Button>
            </DialogClose>
            <Button type="submit" variant="danger" disabled={isPending}>
              Revoke key
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
