import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { DeliveryLogTable } from "@/components/webhooks/delivery-log-table";
import { EditEndpointForm } from "@/components/webhooks/edit-endpoint-form";
import { requirePageUser } from "@/lib/auth/guard";
import { isPossibleId } from "@/lib/text";
import { findWebhookDeliveries, getWebhookEndpoint } from "@/lib/webhooks/queries";
import { deliveryLogSearchParamsSchema } from "@/lib/webhooks/search-params";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Webhook deliveries" };

export default async function WebhookDeliveriesPage({
  params,
  searchParams,
}: {
  params: Promise<{ endpointId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("admin");
  const { endpointId } = await params;
  if (!isPossibleId(endpointId)) notFound();
  const workspace = await getWorkspace();
  const endpoint = await getWebhookEndpoint({ workspace, id: endpointId });
  if (!endpoint) notFound();
  const query = deliveryLogSearchParamsSchema.parse(await searchParams);
  const { rows, nextCursor } = await findWebhookDeliveries({ workspace, endpointId, params: query });
  return (
    <>
      <PageHeader
        title="Webhook deliveries"
        description={
          <>
            <span className="font-mono">{endpoint.url}</span>
            {endpoint.enabled ? null : ` — disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ""}`}
          </>
        }
        actions={
          <Link href="/settings/webhooks" className="text-sm font-medium text-indigo-700 underline">
            All endpoints
          </Link>
        }
      />
      <Section title="Deliveries" card={false} className="mb-8">
        <DeliveryLogTable endpointId={endpoint.id} rows={rows} params={query} nextCursor={nextCursor} />
      </Section>
      <Section title="Edit endpoint" className="max-w-3xl">
        <EditEndpointForm endpoint={endpoint} />
      </Section>
    </>
  );
}
