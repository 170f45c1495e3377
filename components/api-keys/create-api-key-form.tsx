"use client";
import { useActionState, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot } from "@/components/ui/dialog";
import { FieldError, Input, Select } from "@/components/ui/input";
import { createApiKeyAction, type CreatedKeyState } from "@/lib/api-keys/actions";

const IDLE: CreatedKeyState = { ok: false, message: "" };

export function CreateApiKeyForm() {
  const [state, formAction, isPending] = useActionState(createApiKeyAction, IDLE);
  const [isSecretOpen, setSecretOpen] = useState(false);
  useEffect(() => {
    if (state.created) setSecretOpen(true);
  }, [state]);
  const error = (field: string) => state.fieldErrors?.[field]?.[0];
  return (
    <>
      <form action={formAction} className="flex flex-wrap items-start gap-4" noValidate>
        <div className="flex flex-col gap-1">
          <label htmlFor="new-key-name" className="text-sm font-medium text-slate-700">Key name</label>
          <Input id="new-key-name" name="name" autoComplete="off" placeholder="e.g. Website backend" aria-describedby="new-key-name-error" aria-invalid={!!error("name") || undefined} />
          <FieldError id="new-key-name-error" message={error("name")} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="new-key-kind" className="text-sm font-medium text-slate-700">Kind</label>
          <Select id="new-key-kind" name="kind" defaultValue="track" aria-describedby="new-key-kind-error">
            <option value="track">Track API (site ID + key)</option>
            <option value="app">App API (Bearer)</option>
          </Select>
          <FieldError id="new-key-kind-error" message={error("kind")} />
        </div>
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
