"use client";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { rotateSigningKeyAction } from "@/lib/actions/receipts";

export function RotateSigningKeyButton() {
  const [message, setMessage] = useState("");
  const [isPending, startTransition] = useTransition();
  return (
    <div className="flex flex-col gap-1">
      <div>
        <Button
          disabled={isPending}
          onClick={() =>
            startTransition(async () => {
              try {
                setMessage((await rotateSigningKeyAction()).message);
              } catch {
                setMessage("The key could not be rotated; nothing changed.");
              }
            })
          }
        >
          {isPending ? "Rotating…" : "Rotate signing key"}
        </Button>
      </div>
      <p role="status" aria-live="polite" className="text-sm text-slate-700">{message}</p>
    </div>
  );
}
