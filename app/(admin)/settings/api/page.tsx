import type { Metadata } from "next";
import Link from "next/link";
import { ApiExamples } from "@/components/api-docs/api-examples";
import { BaseUrls } from "@/components/api-docs/base-urls";
import { TrackV2Section } from "@/components/api-docs/track-v2-section";
import { PageHeader } from "@/components/ui/page-header";
import { configuredAppOrigin } from "@/lib/app-url";
import { requirePageUser } from "@/lib/auth/guard";

export const metadata: Metadata = { title: "API" };

export default async function ApiPage() {
  await requirePageUser("admin");
  // The configured origin, as in /api/openapi.json: request headers (X-Forwarded-Host) never change it.
  const base = configuredAppOrigin();
  return (
    <>
      <PageHeader
        title="API"
        description={
          <>
            A Customer.io-compatible Track API and App API subset: existing Customer.io clients work by changing only their base URL.
            Create credentials on the <Link href="/settings/api-keys" className="text-indigo-700 underline">API keys</Link> page.
          </>
        }
      />
      <BaseUrls base={base} />
      <ApiExamples base={base} />
      <TrackV2Section base={base} />
    </>
  );
}
