import type { Metadata } from "next";
import { SegmentForm } from "@/components/segments/segment-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guard";
import { findAttributeNames } from "@/lib/people/attribute-names";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "New segment" };

export default async function NewSegmentPage() {
  await requirePageUser();
  const workspace = await getWorkspace();
  const attributeNames = await findAttributeNames({ workspaceId: workspace.id });
  return (
    <>
      <PageHeader title="New segment" />
      <SegmentForm attributeNames={attributeNames} />
    </>
  );
}
