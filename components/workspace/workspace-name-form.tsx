"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { IDLE_ACTION_STATE } from "@/lib/ui/action-state";
import { renameWorkspaceAction } from "@/lib/actions/workspace";

export function WorkspaceNameForm({ name }: { name: string }) {
  const [state, formAction, isPending] = useActionState(renameWorkspaceAction, IDLE_ACTION_STATE);
  const error = state.fieldErrors?.name?.[0];
  return (
    <form action={formAction} noValidate className="flex flex-col gap-1" key={JSON.stringify(state)}>
      <label htmlFor="workspace-name" className="text-sm font-medium text-slate-700">Name</label>
      <div className="flex items-start gap-3">
        <Input id="workspace-name" name="name" defaultValue={state.values?.name ?? name} className="w-80" aria-invalid={!!error || undefined} aria-describedby="workspace-name-error" />
        <Button type="submit" variant="primary" disabled={isPending}>Save name</Button>
      </div>
      <FieldError id="workspace-name-error" message={error} />
      <p role="status" aria-live="polite" className={state.ok ? "text-sm text-emerald-700" : "text-sm text-red-600"}>
        {state.ok ? state.message : ""}
      </p>
    </form>
  );
}
