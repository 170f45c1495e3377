"use client";
import { useActionState } from "react";
import { CertificateLink } from "@/components/receipts/certificate-link";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { lookupSuppressionAction, type LookupState } from "@/lib/suppression/actions";
import { cn } from "@/lib/ui/cn";

const IDLE: LookupState = { status: "idle", message: "" };

export function LookupForm() {
  const [state, formAction, isPending] = useActionState(lookupSuppressionAction, IDLE);
  return (
    <form action={formAction} noValidate className="flex flex-col gap-1">
      <label htmlFor="suppression-lookup" className="text-sm font-medium text-slate-700">Is this email or id suppressed?</label>
      <div className="flex items-start gap-3">
        <Input id="suppression-lookup" name="value" defaultValue={state.value} className="w-80" autoComplete="off" aria-describedby="suppression-lookup-error" aria-invalid={state.status === "invalid" || undefined} />
        <Button type="submit" variant="primary" disabled={isPending}>Check</Button>
      </div>
      <FieldError id="suppression-lookup-error" message={state.status === "invalid" ? state.message : null} />
      <p
        role="status"
        aria-live="polite"
        className={cn("text-sm", state.status === "suppressed" ? "font-medium text-red-700" : state.status === "invalid" ? "hidden" : "text-slate-700")}
      >
        {state.status === "invalid" ? "" : state.message}
        {state.status === "suppressed" && state.receiptId ? <> <CertificateLink receiptId={state.receiptId} label="Certificate of erasure" /></> : null}
      </p>
    </form>
  );
}
