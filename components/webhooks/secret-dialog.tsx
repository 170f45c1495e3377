"use client";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot } from "@/components/ui/dialog";

// The signing secret, shown this once.
export function SecretDialog({ secret, open, onOpenChange }: { secret: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <DialogRoot open={open} onOpenChange={onOpenChange}>
      <DialogContent title="Copy the signing secret" description="This is the only time it is shown. Receivers verify each message's webhook-signature with it (Standard Webhooks).">
        <code aria-label="Signing secret" className="block rounded bg-slate-100 px-2 py-1 font-mono text-sm break-all">
          {secret}
        </code>
        <div className="mt-5 flex justify-end gap-2">
          <Button onClick={() => void navigator.clipboard?.writeText(secret)}>Copy secret</Button>
          <DialogClose asChild>
            <Button variant="primary">Done</Button>
          </DialogClose>
        </div>
      </DialogContent>
    </DialogRoot>
  );
}
