"use client";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/input";
import { createApiKeyAction, type CreatedKeyState } from "@/lib/actions/api-keys";

const IDLE: CreatedKeyState = { ok: false, message: "" };

export function CreateApiKeyForm() {
  const [state, formAction, isPending] = useActionState(createApiKeyAction, IDLE);
  const [isSecretOpen, setSecretOpen] = useState(false);
  // Reacting to a new action state while rendering (React's "adjusting state when a prop changes"), not in an effect.
  const [seenState, setSeenState] = useState(state);
  if (state !== seenState) {
    setSeenState(state);
    if (state.created) setSecretOpen(true);
  }
  const error = (field: string) => state.fieldErrors?.[field]?.[0];
  return (
    <>
      <form action={formAction} className="flex flex-wrap items-start gap-4" noValidate>
        <TextField id="new-key-name" label="Key name" name="name" autoComplete="off" placeholder="e.g. Website backend" error={error("name")} />
        <SelectField id="new-key-kind" label="Kind" name="kind" defaultValue="track" error={error("kind")}>
          <option value="track">Track API (site ID + key)</option>
          <option value="app">App API (Bearer)</option>
        </SelectField>
        <div className="flex flex-col gap-1 pt-6">
          <Button type="submit" variant="primary" disabled={isPending}>
            Create key
          </Button>
        </div>
        <p role="status" aria-live="polite" className={state.ok ? "basis-full text-sm text-emerald-700" : "basis-full text-sm text-red-600"}>
          {state.message}
        </p>
      </form>
      {state.created ? (
        <DialogRoot open={isSecretOpen} onOpenChange={setSecretOpen}>
          <DialogContent title="Copy your new key" description="This is the only time the secret is shown. Store it somewhere safe.">
            <dl className="flex flex-col gap-3 text-sm">
              <div>
                <dt className="font-medium text-slate-700">Name</dt>
                <dd className="text-slate-900">{state.created.name}</dd>
              </div>
              {state.created.siteId ? (
                <div>
                  <dt className="font-medium text-slate-700">Site ID</dt>
                  <dd>
                    <code aria-label="Site ID" className="block rounded bg-slate-100 px-2 py-1 font-mono break-all">{state.created.siteId}</code>
                  </dd>
                </div>
              ) : null}
              <div>
                <dt className="font-medium text-slate-700">{state.created.kind === "track" ? "API key" : "Bearer token"}</dt>
                <dd>
                  <code aria-label="Secret" className="block rounded bg-slate-100 px-2 py-1 font-mono break-all">{state.created.secret}</code>
                </dd>
              </div>
            </dl>
            <div className="mt-5 flex justify-end gap-2">
              <Button onClick={() => void navigator.clipboard?.writeText(state.created?.secret ?? "")}>Copy secret</Button>
              <DialogClose asChild>
                <Button variant="primary">Done</Button>
              </DialogClose>
            </div>
          </DialogContent>
        </DialogRoot>
      ) : null}
    </>
  );
}
