import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CertificateView } from "@/components/receipts/certificate-view";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guard";
import { isReceiptId, type SignedCertificate } from "@/lib/receipts/certificate-document";
import { getErasureCertificate } from "@/lib/receipts/certificates";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Certificate of erasure" };

// The printable certificate of a receipt, for support and admins; issued on first view.
export default async function CertificatePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser();
  const { id } = await params;
  if (!isReceiptId(id)) notFound();
  const result = await getErasureCertificate({ workspace: await getWorkspace(), receiptId: id });
  if (result.state === "none") notFound();
  if (result.state === "running") {
    return (
      <>
        <PageHeader title="Certificate of erasure" />
        <p role="status" className="text-sm text-slate-700">
          The deletion of receipt <code>{result.receiptId}</code> is still running. Its certificate is issued when it ends.
        </p>
      </>
    );
  }
  return <CertificateView receiptId={result.receiptId} signed={JSON.parse(result.text) as SignedCertificate} />;
}
