// The published Ed25519 keys that sign certificates of erasure (a JWK set, retired keys included), for
// anyone verifying one. Public: no sign-in, any origin may read it.
import { listPublishedKeys } from "@/lib/receipts/signing-keys";

export const dynamic = "force-dynamic";

export async function GET() {
  return Response.json(
    { keys: await listPublishedKeys() },
    { headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" } },
  );
}
