"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, TextField } from "@/components/ui/input";
import { updateWebhookEndpointAction } from "@/lib/actions/webhooks";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENT_TYPES } from "@/lib/outbox/event-types";
import { IDLE_ACTION_STATE } from "@/lib/ui/action-state";

export function EditEndpointForm({ endpoint }: { endpoint: { id: string; url: string; description: string; eventTypes: string[] } }) {
  const [state, formAction, isPending] = useActionState(updateWebhookEndpointAction, IDLE_ACTION_STATE);
  const error = (field: string) => state.fieldErrors?.[field]?.[0];
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="id" value={endpoint.id} />
      <TextField id="edit-webhook-url" label="Endpoint URL" name="url" type="url" autoComplete="off" defaultValue={state.values?.url ?? endpoint.url} error={error("url")} />
      <TextField id="edit-webhook-description" label="Description" name="description" autoComplete="off" defaultValue={state.values?.description ?? endpoint.description} error={error("description")} />
      <fieldset aria-describedby="edit-webhook-types-error">
        <legend className="text-sm font-medium text-slate-700">Event types</legend>
        <div className="mt-2 grid gap-1 sm:grid-cols-2">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="flex items-start gap-2 text-sm text-slate-800">
              <input type="checkbox" name={`type:${type}`} defaultChecked={endpoint.eventTypes.includes(type)} className="mt-1" />
              <span>
                <span className="font-mono text-xs">{type}</span> — {WEBHOOK_EVENT_LABELS[type]}
              </span>
            </label>
          ))}
        </div>
        <FieldError id="edit-webhook-types-error" message={error("eventTypes")} />
      </fieldset>
      <div>
        <Button type="submit" variant="primary" disabled={isPending}>
          Save endpoint
        </Button>
      </div>
      <p role="status" aria-live="polite" className={state.ok ? "text-sm text-emerald-700" : "text-sm text-red-600"}>
        {state.message}
      </p>
    </form>
  );
}
