"use client";
// Deletes a segment after a confirmation dialog; people stay, only the grouping goes.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { deleteSegmentAction } from "@/lib/actions/segments";

export function DeleteSegmentButton({ segmentId, name }: { segmentId: string; name: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [isPending, startTransition] = useTransition();
  return (
    <DialogRoot open={open} onOpenChange={setOpen}>
      <Button variant="ghost" onClick={() => setOpen(true)} aria-label={`Delete segment ${name}`}>
        Delete
      </Button>
      {open ? (
        <DialogContent title={`Delete segment "${name}"?`} description="The people in it are not deleted; only the segment goes.">
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button
              variant="danger"
              disabled={isPending}
              onClick={() =>
                startTransition(async () => {
                  const result = await deleteSegmentAction(segmentId);
                  if (result.ok) {
                    toast.success(result.message);
                    setOpen(false);
                    router.push("/segments");
                    router.refresh();
                  } else toast.error(result.message);
                })
              }
            >
              Delete segment
            </Button>
          </div>
        </DialogContent>
      ) : null}
    </DialogRoot>
  );
}
