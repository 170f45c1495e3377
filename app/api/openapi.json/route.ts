// The OpenAPI 3.1 document of the Track API, the App API subset and the CSV import. Public, like
// the API reference it stands in for.
import { openApiDocument } from "@/lib/track-api/openapi";
import { jsonResponse } from "@/lib/track-api/http";

export async function GET(request: Request): Promise<Response> {
  return jsonResponse(openApiDocument(publicOrigin(request)), { headers: { "cache-control": "public, max-age=300" } });
}

// The origin as the client saw it (behind a proxy that sets X-Forwarded-*).
function publicOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  return `${proto}://${host}`;
}
