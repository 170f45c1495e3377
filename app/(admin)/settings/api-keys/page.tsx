import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
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
      <section aria-labelledby="create-key-heading" className="mb-8 max-w-3xl rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="create-key-heading" className="mb-4 text-base font-semibold text-slate-900">
          Create a key
        </h2>
        <CreateApiKeyForm />
      </section>
      <ApiKeysTable keys={keys} />
    </>
  );
}
