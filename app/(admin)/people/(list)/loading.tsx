// Shown while the People page's query runs. In the (list) route group so that it wraps the list
// only: a person page must reach notFound() before anything streams, or a deleted person answers 200.
export default function PeopleLoading() {
  return (
    <div role="status" aria-label="Loading people" className="animate-pulse">
      <div className="mb-6 h-8 w-40 rounded bg-slate-200" />
      <div className="mb-3 flex gap-3">
        <div className="h-9 w-72 rounded bg-slate-200" />
        <div className="h-9 w-40 rounded bg-slate-200" />
      </div>
      <div className="rounded-lg border border-slate-200 bg-white">
        {Array.from({ length: 10 }, (_, i) => (
          <div key={i} className="h-10 border-b border-slate-100 last:border-0" />
        ))}
      </div>
      <span className="sr-only">Loading people…</span>
    </div>
  );
}
