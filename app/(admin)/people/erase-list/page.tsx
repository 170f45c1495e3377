import type { Metadata } from "next";
import Link from "next/link";
import { EraseListForm } from "@/components/erasure-requests/erase-list-form";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { requirePageUser } from "@/lib/auth/guard";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Erase a list" };

// An erasure request as support receives it (support and admins): a list in, a preview, one receipt out.
export default async function EraseListPage() {
  await requirePageUser();
  const workspace = await getWorkspace();
  return (
    <>
      <PageHeader
        title="Erase a list"
        description={
          <>
            Paste ids, emails or <code>cio_</code> identifiers, or upload a .txt or .csv file (up to 100,000 lines and 10 MB). The
            preview shows what would happen to every line before anything changes; applying it is one deletion with one receipt.
          </>
        }
        actions={
          <Link href="/deletions" className="text-sm font-medium text-indigo-700 underline">
            Deletions
          </Link>
        }
      />
      <Section title="The list" className="max-w-5xl">
        <EraseListForm identificationMode={workspace.identificationMode} />
      </Section>
    </>
  );
}
