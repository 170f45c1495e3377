import type { Metadata } from "next";
import Link from "next/link";
import { SegmentsTable } from "@/components/segments/segments-table";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guard";
import { findSegments } from "@/lib/segments/queries";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Segments" };

export default async function SegmentsPage() {
  await requirePageUser();
  const workspace = await getWorkspace();
  const segments = await findSegments({ workspaceId: workspace.id });
  return (
    <>
      <PageHeader
        title="Segments"
        description="Data-driven segments follow their conditions as people change; manual segments hold the people you add from the People page."
        actions={
          <Link href="/segments/new" className={buttonClasses("primary")}>
            New segment
          </Link>
        }
      />
      <SegmentsTable segments={segments} />
    </>
  );
}
