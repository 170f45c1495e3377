import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActivityPerson } from "@/components/people/activity-person";
import { ExportDataButton } from "@/components/people/export-data-button";
import { PersonDeleteButton } from "@/components/people/person-delete-button";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { findPersonActivity } from "@/lib/activity/queries";
import { requirePageUser } from "@/lib/auth/guard";
import { getPersonByCioId } from "@/lib/people/queries";
import { formatDateTime } from "@/lib/ui/format";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Person" };

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={id} className="mb-3 text-sm font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

function formatValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export default async function PersonPage({ params }: { params: Promise<{ cioId: string }> }) {
  await requirePageUser();
  const { cioId } = await params;
  const workspace = await getWorkspace();
  const person = await getPersonByCioId({ workspaceId: workspace.id, cioId });
  if (!person) notFound();
  const activity = await findPersonActivity({ workspaceId: workspace.id, cioId: person.cioId });
  const attributes = Object.entries(person.attributes).sort(([a], [b]) => a.localeCompare(b));

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
        actions={<><ExportDataButton cioId={person.cioId} /><PersonDeleteButton cioId={person.cioId} /></>}
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <Section title="Identifiers">
          <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
            <dt className="text-slate-500">ID</dt>
            <dd>{person.id ?? <span className="text-slate-500">—</span>}</dd>
            <dt className="text-slate-500">Email</dt>
            <dd className="flex items-center gap-2">
              {person.email ?? <span className="text-slate-500">—</span>}
              {person.isEmailSuppressed ? <Badge tone="warning">Email suppressed</Badge> : null}
            </dd>
            <dt className="text-slate-500">cio_id</dt>
            <dd>
              <code className="text-xs">{person.cioId}</code>
            </dd>
            <dt className="text-slate-500">Created</dt>
            <dd>{formatDateTime(person.createdAt)}</dd>
            <dt className="text-slate-500">Last updated</dt>
            <dd>{formatDateTime(person.updatedAt)}</dd>
            <dt className="text-slate-500">Unsubscribed</dt>
            <dd>{person.unsubscribed ? "yes" : "no"}</dd>
          </dl>
        </Section>
        <Section title="Segments">
          {person.segments.length === 0 ? (
            <p className="text-sm text-slate-500">Not in any segment.</p>
          ) : (
            <ul className="flex flex-wrap gap-2">
              {person.segments.map((s) => (
                <li key={s.id}>
                  <Link href={`/people?segment=${encodeURIComponent(s.id)}`} className="hover:underline">
                    <Badge tone="info">{s.name}</Badge>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Attributes">
          {attributes.length === 0 ? (
            <p className="text-sm text-slate-500">No attributes.</p>
          ) : (
            <table aria-label="Attributes" className="w-full text-sm">
              <thead className="sr-only">
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {attributes.map(([name, value]) => (
                  <tr key={name}>
                    <th scope="row" className="py-1.5 pr-4 text-left font-medium text-slate-600">
                      {name}
                    </th>
                    <td className="py-1.5 break-all text-slate-800">{formatValue(value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
        <Section title="Recent activity">
          {activity.length === 0 ? (
            <p className="text-sm text-slate-500">No activity yet.</p>
          ) : (
            <table aria-label="Recent activity" className="w-full text-sm">
              <thead>
                <tr className="text-left text-xs text-slate-500 uppercase">
                  <th scope="col" className="py-1 pr-3">When</th>
                  <th scope="col" className="py-1 pr-3">Type</th>
                  <th scope="col" className="py-1">Name</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {activity.map((a) => (
                  <tr key={a.id}>
                    <td className="py-1.5 pr-3 whitespace-nowrap text-slate-600">{formatDateTime(a.timestamp)}</td>
                    <td className="py-1.5 pr-3">{a.type}</td>
                    <td className="py-1.5">{a.isForgotten ? <ActivityPerson cioId={null} isForgotten isPersonDeleted={false} /> : (a.name ?? "—")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      </div>
    </>
  );
}
