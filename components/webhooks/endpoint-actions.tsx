"use client";
// An endpoint's row actions: send a test event, rotate the secret (shown once), enable/disable, delete.
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import {
  deleteWebhookEndpointAction,
  rotateWebhookSecretAction,
  sendTestWebhookAction,
  setWebhookEndpointEnabledAction,
  type SecretState,
} from "@/lib/actions/webhooks";
import { IDLE_ACTION_STATE } from "@/lib/ui/action-state";
import { SecretDialog } from "./secret-dialog";

const IDLE: SecretState = { ok: false, message: "" };

export function EndpointActions({ id, url, enabled }: { id: string; url: string; enabled: boolean }) {
  const [testState, testAction, isTestPending] = useActionState(sendTestWebhookAction, IDLE_ACTION_STATE);
  const [rotateState, rotateAction, isRotatePending] = useActionState(rotateWebhookSecretAction, IDLE);
  const [enableState, enableAction, isEnablePending] = useActionState(setWebhookEndpointEnabledAction, IDLE_ACTION_STATE);
  const [deleteState, deleteAction, isDeletePending] = useActionState(deleteWebhookEndpointAction, IDLE_ACTION_STATE);
  const [isSecretOpen, setSecretOpen] = useState(false);
  const [seen, setSeen] = useState(rotateState);
  if (rotateState !== seen) {
    setSeen(rotateState);
    if (rotateState.secret) setSecretOpen(true);
  }
  const states = [testState, rotateState, enableState, deleteState];
  const failed = states.find((s) => s.message && !s.ok);
  const message = failed?.message ?? states.find((s) => s.message)?.message ?? "";
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap justify-end gap-2">
        <form action={testAction}>
          <input type="hidden" name="id" value={id} />
          <Button type="submit" disabled={isTestPending || !enabled} aria-label={`Send test event to ${url}`}>
            Send test event
          </Button>
        </form>
        <form action={rotateAction}>
          <input type="hidden" name="id" value={id} />
          <Button type="submit" disabled={isRotatePending} aria-label={`Rotate secret of ${url}`}>
            Rotate secret
          </Button>
        </form>
        <form action={enableAction}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
          <Button type="submit" disabled={isEnablePending} aria-label={`${enabled ? "Disable" : "Enable"} ${url}`}>
            {enabled ? "Disable" : "Enable"}
          </Button>
        </form>
        <form action={deleteAction}>
          <input type="hidden" name="id" value={id} />
          <Button type="submit" variant="danger" disabled={isDeletePending} aria-label={`Delete ${url}`}>
            Delete
          </Button>
        </form>
      </div>
      <p role="status" aria-live="polite" className={failed ? "text-xs text-red-600" : "text-xs text-emerald-700"}>
        {message}
      </p>
      {rotateState.secret ? <SecretDialog secret={rotateState.secret} open={isSecretOpen} onOpenChange={setSecretOpen} /> : null}
    </div>
  );
}
