// The OpenAPI 3.1 document of the Track API, the App API subset and the CSV import. Public, like
// the API reference it stands in for; its server URL is the configured origin, not the request's
// Host or X-Forwarded-Host, and it is not stored by shared caches (jsonResponse sends no-store).
import { configuredAppOrigin } from "@/lib/app-url";
import { openApiDocument } from "@/lib/track-api/openapi";
import { jsonResponse } from "@/lib/api/http";

// Read at request time, so the origin is the running server's configuration, not the build's.
export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return Promise.resolve(jsonResponse(openApiDocument(configuredAppOrigin())));
}
