import type { Metadata } from "next";
import { SigningKeyPanel } from "@/components/receipts/signing-key-panel";
import { IdentificationModePanel } from "@/components/workspace/identification-mode-panel";
import { WorkspaceNameForm } from "@/components/workspace/workspace-name-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guard";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Workspace" };

export default async function WorkspaceSettingsPage() {
  await requirePageUser("admin");
  const workspace = await getWorkspace();
  return (
    <>
      <PageHeader title="Workspace" description="The workspace's name and how people are identified." />
      <section aria-labelledby="workspace-name-heading" className="mb-6 max-w-3xl rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="workspace-name-heading" className="mb-3 text-base font-semibold text-slate-900">General</h2>
        <WorkspaceNameForm name={workspace.name} />
      </section>
      <section aria-labelledby="workspace-mode-heading" className="max-w-3xl rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="workspace-mode-heading" className="mb-3 text-base font-semibold text-slate-900">Identification mode</h2>
        <IdentificationModePanel mode={workspace.identificationMode} />
      </section>
      <SigningKeyPanel workspaceId={workspace.id} />
    </>
  );
}
