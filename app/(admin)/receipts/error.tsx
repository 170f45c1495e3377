"use client";
// When a page of Receipts fails to load: the section's error, with a retry.
import { SectionError } from "@/components/shell/section-error";

export default function ReceiptsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SectionError title="Receipts could not be loaded" error={error} reset={reset} backHref="/people" />;
}
