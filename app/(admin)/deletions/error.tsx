"use client";
// When a page of Deletions fails to load: the section's error, with a retry.
import { SectionError } from "@/components/shell/section-error";

export default function DeletionsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SectionError title="Deletions could not be loaded" error={error} reset={reset} backHref="/deletions" />;
}
