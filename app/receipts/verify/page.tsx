import type { Metadata } from "next";
import { VerifyCertificateForm } from "@/components/receipts/verify-certificate-form";
import { KEYS_PATH } from "@/lib/receipts/certificate-document";

export const metadata: Metadata = { title: "Verify a certificate of erasure" };

// Public: anyone holding a certificate can check it here, without signing in.
export default function VerifyCertificatePage() {
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <p className="text-sm font-semibold text-indigo-600">People admin</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">Verify a certificate of erasure</h1>
      <p className="mt-2 mb-6 text-sm text-slate-600">
        Paste the certificate&apos;s JSON. Its Ed25519 signature is checked against the key its <code>keyId</code> names among the{" "}
        <a href={KEYS_PATH} className="text-indigo-700 hover:underline">published keys</a>. To check without trusting this page, run{" "}
        <code className="rounded bg-slate-100 px-1">npx tsx scripts/verify-receipt.ts certificate.json</code>.
      </p>
      <VerifyCertificateForm />
    </main>
  );
}
