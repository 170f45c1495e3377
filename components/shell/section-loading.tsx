// What an admin section shows while its server query runs (its loading.tsx): a heading and a list's outline.
export function SectionLoading({ label }: { label: string }) {
  return (
    <div role="status" aria-label={label} className="animate-pulse">
      <div className="mb-6 h-8 w-40 rounded bg-slate-200" />
      <div className="rounded-lg border border-slate-200 bg-white">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-10 border-b border-slate-100 last:border-0" />
        ))}
      </div>
      <span className="sr-only">{label}…</span>
    </div>
  );
}
