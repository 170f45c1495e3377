import type { Metadata } from "next";
import { VerifyCertificateForm } from "@/components/receipts/verify-certificate-form";
import { configuredAppOrigin } from "@/lib/app-url";
import { KEYS_PATH } from "@/lib/receipts/certificate-document";

export const metadata: Metadata = { title: "Verify a certificate of erasure" };

// Public: anyone holding a certificate can check it here, without signing in, against this server's keys.
export default function VerifyCertificatePage() {
  const origin = configuredAppOrigin();
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <p className="text-sm font-semibold text-indigo-600">People admin</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">Verify a certificate of erasure</h1>
      <p className="mt-2 text-sm text-slate-600">
        Paste the certificate&apos;s JSON exactly as issued. Its Ed25519 signature is checked against{" "}
        <strong>this server&apos;s keys</strong> (<a href={KEYS_PATH} className="text-indigo-700 hover:underline">{origin}{KEYS_PATH}</a>), never
        against keys the certificate names: a certificate from another server is &ldquo;Unknown key&rdquo; here. A key revoked because it
        leaked verifies nothing dated from its revocation on, a retired key nothing dated after its retirement, and a key only its own
        workspace&apos;s certificates.
      </p>
      <p className="mt-2 mb-6 text-sm text-slate-600">
        To check without trusting this page, run the verifier from this app&apos;s source with the keys you choose, this server&apos;s
        origin or a key set you saved:{" "}
        <code className="rounded bg-slate-100 px-1 break-all">npm run verify:receipt -- certificate.json --origin {origin}</code> or{" "}
        <code className="rounded bg-slate-100 px-1">--keys erasure-keys.json</code>. It exits 0 when the certificate is valid, 1 when it is
        not, 2 when it could not check (no keys chosen, a file or key set it could not read).
      </p>
      <VerifyCertificateForm />
    </main>
  );
}
