// New entries per day, streamed in after the list (its query scans 90 days).
import { Suspense } from "react";
import { Section } from "@/components/ui/section";
import { findEspSuppressionDailyCounts } from "@/lib/esp-suppression/queries";
import { SuppressionChart } from "./suppression-chart";

async function DailyChart({ workspaceId }: { workspaceId: string }) {
  const data = await findEspSuppressionDailyCounts({ workspaceId });
  return <SuppressionChart data={data} />;
}

export function DailyChartSection({ workspaceId }: { workspaceId: string }) {
  return (
    <Section title="New entries per day, last 90 days" size="compact" className="mb-6">
      <Suspense fallback={<div className="h-48 animate-pulse rounded bg-slate-100" aria-hidden="true" />}>
        <DailyChart workspaceId={workspaceId} />
      </Suspense>
    </Section>
  );
}
