import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ExportDataButton } from "@/components/people/export-data-button";
import { PersonDeleteButton } from "@/components/people/person-delete-button";
import { PersonSections } from "@/components/people/person-sections";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { findPersonActivity } from "@/lib/activity/queries";
import { requirePageUser } from "@/lib/auth/guard";
import { getPersonByCioId } from "@/lib/people/person-record";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Person" };

export default async function PersonPage({ params }: { params: Promise<{ cioId: string }> }) {
  await requirePageUser();
  const { cioId } = await params;
  const workspace = await getWorkspace();
  const person = await getPersonByCioId({ workspaceId: workspace.id, cioId });
  if (!person) notFound();
  const activity = await findPersonActivity({ workspace, cioId: person.cioId });
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/people" className="text-indigo-700 hover:underline">
          ← People
        </Link>
      </p>
      <PageHeader
        title={person.email ?? person.id ?? `cio_${person.cioId}`}
        description={person.isEmailSuppressed ? <Badge tone="warning">Email suppressed</Badge> : undefined}
        actions={
          <>
            <ExportDataButton cioId={person.cioId} />
            <PersonDeleteButton cioId={person.cioId} identificationMode={workspace.identificationMode} />
          </>
        }
      />
      <PersonSections person={person} activity={activity} />
    </>
  );
}
