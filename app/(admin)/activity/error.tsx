"use client";
// When a page of Activity fails to load: the section's error, with a retry.
import { SectionError } from "@/components/shell/section-error";

export default function ActivityError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SectionError title="Activity could not be loaded" error={error} reset={reset} backHref="/activity" />;
}
