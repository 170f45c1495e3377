"use client";
import { useActionState } from "react";
import { CertificateLink } from "@/components/receipts/certificate-link";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { IDLE_ACTION_STATE } from "@/lib/ui/action-state";
import { lookupSuppressionAction, type LookupState } from "@/lib/actions/suppression";
import { cn } from "@/lib/ui/cn";

export function LookupForm() {
  const [state, formAction, isPending] = useActionState<LookupState, FormData>(lookupSuppressionAction, IDLE_ACTION_STATE);
  const invalid = state.fieldErrors?.value?.[0];
  return (
    <form action={formAction} noValidate className="flex flex-col gap-1">
      <label htmlFor="suppression-lookup" className="text-sm font-medium text-slate-700">Is this email or id suppressed?</label>
      <div className="flex items-start gap-3">
        <Input id="suppression-lookup" name="value" defaultValue={state.value} className="w-80" autoComplete="off" aria-describedby="suppression-lookup-error" aria-invalid={invalid ? true : undefined} />
        <Button type="submit" variant="primary" disabled={isPending}>Check</Button>
      </div>
      <FieldError id="suppression-lookup-error" message={invalid ?? null} />
      <p
        role="status"
        aria-live="polite"
        className={cn("text-sm", state.status === "suppressed" ? "font-medium text-red-700" : invalid ? "hidden" : "text-slate-700")}
      >
        {invalid ? "" : state.message}
        {state.status === "suppressed" && state.receiptId ? <> <CertificateLink receiptId={state.receiptId} label="Certificate of erasure" /></> : null}
      </p>
    </form>
  );
}
