"use client";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/input";
import { createWebhookEndpointAction, type SecretState } from "@/lib/actions/webhooks";
import { EventTypesFieldset } from "./event-types-fieldset";
import { SecretDialog } from "./secret-dialog";

const IDLE: SecretState = { ok: false, message: "" };

export function CreateEndpointForm() {
  const [state, formAction, isPending] = useActionState(createWebhookEndpointAction, IDLE);
  const [isSecretOpen, setSecretOpen] = useState(false);
  // Reacting to a new action state while rendering (React's "adjusting state when a prop changes"), not in an effect.
  const [seenState, setSeenState] = useState(state);
  if (state !== seenState) {
    setSeenState(state);
    if (state.secret) setSecretOpen(true);
  }
  const error = (field: string) => state.fieldErrors?.[field]?.[0];
  return (
    <>
      <form action={formAction} className="flex flex-col gap-4" noValidate>
        <TextField
          id="webhook-url"
          label="Endpoint URL"
          name="url"
          type="url"
          autoComplete="off"
          placeholder="https://example.com/webhooks"
          defaultValue={state.values?.url ?? ""}
          key={`url-${state.values?.url ?? ""}`}
          error={error("url")}
        />
        <TextField id="webhook-description" label="Description" name="description" autoComplete="off" defaultValue={state.values?.description ?? ""} error={error("description")} />
        <EventTypesFieldset idPrefix="webhook" isChecked={() => true} error={error("eventTypes")} />
        <div>
          <Button type="submit" variant="primary" disabled={isPending}>
            Add endpoint
          </Button>
        </div>
        <p role="status" aria-live="polite" className={state.ok ? "text-sm text-emerald-700" : "text-sm text-red-600"}>
          {state.message}
        </p>
      </form>
      {state.secret ? <SecretDialog secret={state.secret} open={isSecretOpen} onOpenChange={setSecretOpen} /> : null}
    </>
  );
}
