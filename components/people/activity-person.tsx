// Who an activity row belongs to: a link to the person, their old cio_id marked deleted, or
// "forgotten (anonymous)" for rows redacted by a suppression.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";

export function ActivityPerson({ cioId, isForgotten, isPersonDeleted }: { cioId: string | null; isForgotten: boolean; isPersonDeleted: boolean }) {
  if (isForgotten || !cioId) return <span className="text-slate-500 italic">forgotten (anonymous)</span>;
  if (isPersonDeleted) {
    return (
      <span className="inline-flex items-center gap-2">
        <code className="text-xs text-slate-500 line-through decoration-slate-400">{cioId}</code>
        <Badge tone="danger">deleted</Badge>
      </span>
    );
  }
  return (
    <Link href={`/people/${cioId}`} className="text-indigo-700 hover:underline">
      <code className="text-xs">{cioId}</code>
    </Link>
  );
}
