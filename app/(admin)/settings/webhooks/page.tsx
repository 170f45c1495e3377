import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { CreateEndpointForm } from "@/components/webhooks/create-endpoint-form";
import { EndpointsTable, type EndpointRow } from "@/components/webhooks/endpoints-table";
import { requirePageUser } from "@/lib/auth/guard";
import { listWebhookEndpoints } from "@/lib/webhooks/queries";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await requirePageUser("admin");
  const workspace = await getWorkspace();
  const endpoints = await listWebhookEndpoints({ workspace });
  const rows: EndpointRow[] = endpoints.map((e) => ({
    ...e,
    failingSince: e.failingSince?.toISOString() ?? null,
    rotatingUntil: e.rotatingUntil?.toISOString() ?? null,
  }));
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Deletions, suppressions, unsuppressions, finished jobs and exports are passed on to these endpoints as signed Standard Webhooks, at least once, retried for up to 3 days. A message carries the identifiers a receiver needs only until every endpoint has it; then only masked hints and keyed hashes are kept."
      />
      <Section title="Add an endpoint" className="mb-8 max-w-3xl">
        <CreateEndpointForm />
      </Section>
      <EndpointsTable rows={rows} />
    </>
  );
}
