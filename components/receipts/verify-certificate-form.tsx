"use client";
// Paste a certificate → a verdict, checked on the server against this server's published keys.
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/input";
import { verifyCertificateAction, type VerifyState } from "@/lib/actions/receipts";
import { cn } from "@/lib/ui/cn";

const IDLE: VerifyState = { status: "idle" };

const REFUSED = "border-red-300 bg-red-50 text-red-900";
const VERDICTS: Record<Exclude<VerifyState["status"], "idle" | "invalid">, { label: string; tone: string }> = {
  valid: { label: "Valid", tone: "border-emerald-300 bg-emerald-50 text-emerald-900" },
  revoked: { label: "Revoked", tone: REFUSED },
  key_retired: { label: "Not valid: key retired", tone: REFUSED },
  wrong_workspace: { label: "Not valid: another workspace's key", tone: REFUSED },
  tampered: { label: "Tampered", tone: REFUSED },
  unknown_key: { label: "Unknown key", tone: "border-amber-300 bg-amber-50 text-amber-900" },
  not_canonical: { label: "Not the signed text", tone: REFUSED },
  malformed: { label: "Not a certificate", tone: REFUSED },
};

export function VerifyCertificateForm() {
  const [state, formAction, isPending] = useActionState(verifyCertificateAction, IDLE);
  const verdict = state.status === "idle" || state.status === "invalid" ? null : VERDICTS[state.status];
  return (
    <form action={formAction} className="flex flex-col gap-3">
      <label htmlFor="certificate" className="text-sm font-medium text-slate-900">Certificate (JSON)</label>
      <textarea
        id="certificate"
        name="certificate"
        rows={14}
        spellCheck={false}
        className="w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
        aria-invalid={state.status === "invalid" || undefined}
        aria-describedby="certificate-error"
      />
      <FieldError id="certificate-error" message={state.status === "invalid" ? state.message : null} />
      <div>
        <Button type="submit" variant="primary" disabled={isPending}>{isPending ? "Checking…" : "Verify"}</Button>
      </div>
      <div role="status" aria-live="polite">
        {verdict && state.status !== "idle" && state.status !== "invalid" ? (
          <div className={cn("rounded-md border p-3 text-sm", verdict.tone)}>
            <p className="font-semibold">{verdict.label}</p>
            <p className="mt-1 break-all">{state.message}</p>
          </div>
        ) : null}
      </div>
    </form>
  );
}
