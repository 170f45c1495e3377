import type { Metadata } from "next";
import Link from "next/link";
import { ImportPeopleForm } from "@/components/people/import-people-form";
import { RecentImportsTable } from "@/components/people/recent-imports-table";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { requirePageUser } from "@/lib/auth/guard";
import { findRecentImports } from "@/lib/imports/import-people";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Import people" };

export default async function ImportPeoplePage() {
  await requirePageUser();
  const workspace = await getWorkspace();
  const imports = await findRecentImports({ workspace, take: 10 });
  return (
    <>
      <PageHeader
        title="Import people"
        description={
          <>
            A CSV file with a header row: an <code>id</code> and/or <code>email</code> column names each person, every other column
            becomes an attribute. Existing people are updated, new ones created. Rows with a suppressed identifier, an invalid email
            or an over-long value are rejected and listed in the error report (row number and reason).
          </>
        }
        actions={
          <Link href="/people" className="text-sm font-medium text-indigo-700 underline">
            Back to People
          </Link>
        }
      />
      <Section title="Upload a file" className="mb-8 max-w-3xl">
        <ImportPeopleForm />
      </Section>
      <Section title="Recent imports" card={false}>
        <RecentImportsTable imports={imports} />
      </Section>
    </>
  );
}
