import Link from "next/link";
import { FileCheck } from "lucide-react";

// "Certificate" link to a receipt's printable certificate of erasure (audit log, suppressions).
export function CertificateLink({ receiptId, label = "Certificate" }: { receiptId: string; label?: string }) {
  return (
    <Link href={`/receipts/${receiptId}`} className="inline-flex items-center gap-1 text-indigo-700 hover:underline" aria-label={`${label} ${receiptId}`}>
      <FileCheck aria-hidden className="size-3.5" /> {label}
    </Link>
  );
}
