import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { ApiKeysTable } from "@/components/api-keys/api-keys-table";
import { listApiKeys } from "@/lib/api-keys/api-keys";
import { requirePageUser } from "@/lib/auth/guard";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  await requirePageUser("admin");
  const workspace = await getWorkspace();
  const keys = await listApiKeys({ workspaceId: workspace.id });
  return (
    <>
      <PageHeader
        title="API keys"
        description="Track API keys authenticate with HTTP Basic (site ID and API key); App API keys with a Bearer token. Secrets are stored hashed and shown only once."
      />
      <Section title="Create a key" className="mb-8 max-w-3xl">
        <CreateApiKeyForm />
      </Section>
      <ApiKeysTable keys={keys} />
    </>
  );
}
