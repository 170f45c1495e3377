import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SegmentForm } from "@/components/segments/segment-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guard";
import { findAttributeNames } from "@/lib/people/attribute-names";
import { getSegment } from "@/lib/segments/queries";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Edit segment" };

export default async function EditSegmentPage({ params }: { params: Promise<{ segmentId: string }> }) {
  await requirePageUser();
  const { segmentId } = await params;
  const workspace = await getWorkspace();
  const [segment, attributeNames] = await Promise.all([getSegment({ workspaceId: workspace.id, segmentId }), findAttributeNames({ workspaceId: workspace.id })]);
  if (!segment) notFound();
  return (
    <>
      <PageHeader title={`Edit segment: ${segment.name}`} />
      <SegmentForm segment={segment} attributeNames={attributeNames} />
    </>
  );
}
