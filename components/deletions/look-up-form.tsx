"use client";
// "Did we delete this person?": an id or email in, where it stands out (suppressed / deleted on DATE
// (receipt) / held / not found), from keyed hashes; the value typed is neither stored nor echoed.
import { useId, useState, useTransition } from "react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { lookUpIdentifierAction, type LookUpResult } from "@/lib/actions/erasure-requests";

export function LookUpForm() {
  const id = useId();
  const [value, setValue] = useState("");
  const [result, setResult] = useState<LookUpResult | null>(null);
  const [isPending, startTransition] = useTransition();
  return (
    <form
      className="flex flex-col gap-2"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => setResult(await lookUpIdentifierAction({ value })));
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-value`} className="text-sm font-medium text-slate-700">
            Id or email
          </label>
          <Input id={`${id}-value`} className="w-80" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} aria-describedby={`${id}-result`} />
        </div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Looking up…" : "Look up"}
        </Button>
      </div>
      <div id={`${id}-result`} role="status" aria-live="polite" className="text-sm text-slate-800">
        {result && !isPending ? (
          result.ok ? (
            <p>
              {result.message}{" "}
              {result.receiptIds.map((receiptId) => (
                <Link key={receiptId} href={`/receipts/${receiptId}`} className="mr-2 font-medium text-indigo-700 underline">
                  Certificate {receiptId}
                </Link>
              ))}
            </p>
          ) : (
            <FieldError message={result.message} />
          )
        ) : null}
      </div>
    </form>
  );
}
