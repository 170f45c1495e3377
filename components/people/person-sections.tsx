// The person page's sections: identifiers, segments (manual ones can be left from here), attributes
// and recent activity.
import Link from "next/link";
import { ActivityTable } from "@/components/activity/activity-table";
import { Badge } from "@/components/ui/badge";
import { Section } from "@/components/ui/section";
import type { ActivityRow } from "@/lib/activity/queries";
import type { PersonDetail } from "@/lib/people/person-record";
import { formatDateTime } from "@/lib/ui/format";
import { PersonAttributesTable } from "./person-attributes-table";
import { RemoveFromSegmentButton } from "./remove-from-segment-button";

const dash = <span className="text-slate-500">—</span>;

export function PersonSections({ person, activity }: { person: PersonDetail; activity: ActivityRow[] }) {
  const attributes = Object.entries(person.attributes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value: typeof value === "string" ? value : JSON.stringify(value) }));
  const label = person.email ?? person.id ?? `cio_${person.cioId}`;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Section size="compact" title="Identifiers">
        <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
          <dt className="text-slate-500">ID</dt>
          <dd>{person.id ?? dash}</dd>
          <dt className="text-slate-500">Email</dt>
          <dd className="flex items-center gap-2">
            {person.email ?? dash}
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
      <Section size="compact" title="Segments">
        {person.segments.length === 0 ? (
          <p className="text-sm text-slate-500">Not in any segment.</p>
        ) : (
          <ul className="flex flex-wrap gap-2">
            {person.segments.map((s) => (
              <li key={s.id} className="inline-flex items-center gap-1">
                <Link href={`/people?segment=${encodeURIComponent(s.id)}`} className="hover:underline">
                  <Badge tone="info">{s.name}</Badge>
                </Link>
                {s.kind === "manual" ? <RemoveFromSegmentButton segment={s} cioId={person.cioId} personLabel={label} /> : null}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section size="compact" title="Attributes">
        {attributes.length === 0 ? <p className="text-sm text-slate-500">No attributes.</p> : <PersonAttributesTable attributes={attributes} />}
      </Section>
      <Section size="compact" title="Recent activity">
        {activity.length === 0 ? <p className="text-sm text-slate-500">No activity yet.</p> : <ActivityTable rows={activity} empty="No activity yet." isPersonView />}
      </Section>
    </div>
  );
}
