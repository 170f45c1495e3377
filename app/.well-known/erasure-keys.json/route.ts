// The published Ed25519 keys that sign certificates of erasure (a JWK set, retired keys included), for
// anyone verifying one. Public: no sign-in, any origin may read it.
// Counted per client IP against READ_RATE_LIMIT and run under READ_STATEMENT_TIMEOUT_MS, like the App API.
import { errorToResponse } from "@/lib/api/http";
import { guardRead } from "@/lib/api/rate-limit";
import { clientIpFrom } from "@/lib/client-ip";
import { listPublishedKeys } from "@/lib/receipts/signing-keys";

export const dynamic = "force-dynamic";

export async function GET(request?: Request) {
  try {
    const keys = await guardRead({ ip: clientIpFrom(request?.headers) }, () => listPublishedKeys());
    return Response.json({ keys }, { headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" } });
  } catch (error) {
    return errorToResponse(error);
  }
}
