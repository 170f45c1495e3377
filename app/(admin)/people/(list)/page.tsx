import type { Metadata } from "next";
import { PeopleTable } from "@/components/people/people-table";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guard";
import { findPeopleView } from "@/lib/people/people-view";
import { parsePeopleSearchParams } from "@/lib/people/search-params";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const params = parsePeopleSearchParams(await searchParams);
  const workspace = await getWorkspace();
  const { key, ...view } = await findPeopleView({ workspaceId: workspace.id, params });
  return (
    <>
      <PageHeader
        title="People"
        description="Find people, select them and delete them forever, with or without suppressing their identifiers."
        actions={
          <div className="flex gap-4">
            <Link href="/people/erase-list" className="text-sm font-medium text-indigo-700 underline">
              Erase a list
            </Link>
            <Link href="/people/import" className="text-sm font-medium text-indigo-700 underline">
              Import
            </Link>
          </div>
        }
      />
      <PeopleTable key={key} {...view} identificationMode={workspace.identificationMode} />
    </>
  );
}
