import { FileCheck } from "lucide-react";

// The "Certificate" link a deletion toast carries, to the receipt's printable certificate of erasure.
export function certificateToastAction(receiptId: string) {
  return (
    <a
      href={`/receipts/${receiptId}`}
      className="ml-auto inline-flex shrink-0 items-center gap-1 rounded border border-current px-2 py-1 text-xs font-medium hover:underline"
    >
      <FileCheck aria-hidden className="size-3.5" /> Certificate
    </a>
  );
}
