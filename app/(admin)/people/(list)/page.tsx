import type { Metadata } from "next";
import { PeopleTable } from "@/components/people/people-table";
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
      <PageHeader title="People" description="Find people, select them and delete them forever, with or without suppressing their identifiers." />
      <PeopleTable key={key} {...view} identificationMode={workspace.identificationMode} />
    </>
  );
}
