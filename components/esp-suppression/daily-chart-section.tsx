// New entries per day, streamed in after the list (its query scans 90 days).
import { Suspense } from "react";
import { findEspSuppressionDailyCounts } from "@/lib/esp-suppression/queries";
import { SuppressionChart } from "./suppression-chart";

async function DailyChart({ workspaceId }: { workspaceId: string }) {
  const data = await findEspSuppressionDailyCounts({ workspaceId });
  return <SuppressionChart data={data} />;
}

export function DailyChartSection({ workspaceId }: { workspaceId: string }) {
  return (
    <section aria-labelledby="esp-chart-heading" className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="esp-chart-heading" className="mb-2 text-sm font-semibold text-slate-900">
        New entries per day, last 90 days
      </h2>
      <Suspense fallback={<div className="h-48 animate-pulse rounded bg-slate-100" aria-hidden="true" />}>
        <DailyChart workspaceId={workspaceId} />
      </Suspense>
    </section>
  );
}
