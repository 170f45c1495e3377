"use client";
// Delete forever on the person page: the same dialog, then back to the People page (the toast says what happened).
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { IdentificationMode } from "@/lib/suppression/mode-effects";
import { DeleteDialog } from "./delete-dialog";

export function PersonDeleteButton({ cioId, identificationMode }: { cioId: string; identificationMode: IdentificationMode }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        <Trash2 aria-hidden className="size-4" /> Delete forever
      </Button>
      <DeleteDialog
        open={open}
        onOpenChange={setOpen}
        count={1}
        selection={{ mode: "ids", cioIds: [cioId] }}
        identificationMode={identificationMode}
        onDeleted={() => {
          router.push("/people");
          router.refresh();
        }}
      />
    </>
  );
}
