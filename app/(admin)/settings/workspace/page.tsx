import type { Metadata } from "next";
import { SigningKeyPanel } from "@/components/receipts/signing-key-panel";
import { IdentificationModePanel } from "@/components/workspace/identification-mode-panel";
import { WorkspaceNameForm } from "@/components/workspace/workspace-name-form";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { requirePageUser } from "@/lib/auth/guard";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Workspace" };

export default async function WorkspaceSettingsPage() {
  await requirePageUser("admin");
  const workspace = await getWorkspace();
  return (
    <>
      <PageHeader title="Workspace" description="The workspace's name and how people are identified." />
      <Section title="General" className="mb-6 max-w-3xl">
        <WorkspaceNameForm name={workspace.name} />
      </Section>
      <Section title="Identification mode" className="max-w-3xl">
        <IdentificationModePanel mode={workspace.identificationMode} />
      </Section>
      <SigningKeyPanel workspaceId={workspace.id} />
    </>
  );
}
