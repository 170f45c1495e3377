"use client";
// New entries per day over the last 90 days, stacked by type. Client-only (recharts measures the DOM).
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { EspDailyCount } from "@/lib/esp-suppression/queries";
import { ESP_TYPE_OPTIONS } from "@/lib/esp-suppression/schemas";

export function SuppressionChart({ data }: { data: EspDailyCount[] }) {
  const total = data.reduce((sum, day) => sum + day.bounces + day.blocks + day.spam_reports + day.invalid_emails, 0);
  return (
    <figure aria-label="New entries per day, last 90 days" className="h-48 w-full">
      <figcaption className="sr-only">
        {total} new entries in the last 90 days, stacked by type.
      </figcaption>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {ESP_TYPE_OPTIONS.map((option) => (
            <Bar key={option.value} dataKey={option.value} name={option.label} stackId="types" fill={option.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
