import type { Metadata } from "next";
import { SigningKeyPanel } from "@/components/receipts/signing-key-panel";
import { IndexedAttributesPanel } from "@/components/workspace/indexed-attributes-panel";
import { IdentificationModePanel } from "@/components/workspace/identification-mode-panel";
import { WorkspaceNameForm } from "@/components/workspace/workspace-name-form";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { indexedAttributesUnavailableReason, listIndexedAttributes } from "@/lib/attribute-indexes/attribute-indexes";
import { requirePageUser } from "@/lib/auth/guard";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Workspace" };

export default async function WorkspaceSettingsPage() {
  await requirePageUser("admin");
  const [workspace, indexedAttributes] = await Promise.all([getWorkspace(), listIndexedAttributes()]);
  return (
    <>
      <PageHeader title="Workspace" description="The workspace's name, how people are identified, and which attributes are indexed for range filters." />
      <Section title="General" className="mb-6 max-w-3xl">
        <WorkspaceNameForm name={workspace.name} />
      </Section>
      <Section title="Identification mode" className="mb-6 max-w-3xl">
        <IdentificationModePanel mode={workspace.identificationMode} />
      </Section>
      <Section title="Indexed attributes" className="mb-6 max-w-3xl">
        <IndexedAttributesPanel attributes={indexedAttributes} unavailable={indexedAttributesUnavailableReason()} />
      </Section>
      <SigningKeyPanel workspaceId={workspace.id} />
    </>
  );
}
