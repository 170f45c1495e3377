"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/input";
import { updateWebhookEndpointAction } from "@/lib/actions/webhooks";
import { EventTypesFieldset } from "./event-types-fieldset";
import { IDLE_ACTION_STATE } from "@/lib/ui/action-state";

export function EditEndpointForm({ endpoint }: { endpoint: { id: string; url: string; description: string; eventTypes: string[] } }) {
  const [state, formAction, isPending] = useActionState(updateWebhookEndpointAction, IDLE_ACTION_STATE);
  const error = (field: string) => state.fieldErrors?.[field]?.[0];
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="id" value={endpoint.id} />
      <TextField id="edit-webhook-url" label="Endpoint URL" name="url" type="url" autoComplete="off" defaultValue={state.values?.url ?? endpoint.url} error={error("url")} />
      <TextField id="edit-webhook-description" label="Description" name="description" autoComplete="off" defaultValue={state.values?.description ?? endpoint.description} error={error("description")} />
      <EventTypesFieldset idPrefix="edit-webhook" isChecked={(type) => endpoint.eventTypes.includes(type)} error={error("eventTypes")} />
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
