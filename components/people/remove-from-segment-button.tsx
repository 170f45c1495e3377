"use client";
// Takes one person out of a manual segment, from their page (data-driven segments follow their rules).
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { X } from "lucide-react";
import { toast } from "sonner";
import { removeFromSegmentAction } from "@/lib/actions/segments";

export function RemoveFromSegmentButton({ segment, cioId, personLabel }: { segment: { id: string; name: string }; cioId: string; personLabel: string }) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  return (
    <button
      type="button"
      disabled={isPending}
      aria-label={`Remove ${personLabel} from ${segment.name}`}
      className="rounded p-0.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:opacity-50"
      onClick={() =>
        startTransition(async () => {
          const result = await removeFromSegmentAction({ segmentId: segment.id, selection: { mode: "ids", cioIds: [cioId] } });
          if (!result.ok) return void toast.error(result.message);
          toast.success(result.message);
          router.refresh();
        })
      }
    >
      <X aria-hidden className="size-3.5" />
    </button>
  );
}
