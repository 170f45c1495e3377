"use client";
// When a page of Segments fails to load: the section's error, with a retry.
import { SectionError } from "@/components/shell/section-error";

export default function SegmentsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SectionError title="Segments could not be loaded" error={error} reset={reset} backHref="/segments" />;
}
