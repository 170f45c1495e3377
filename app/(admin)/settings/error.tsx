"use client";
// When a page of Settings fails to load: the section's error, with a retry.
import { SectionError } from "@/components/shell/section-error";

export default function SettingsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SectionError title="Settings could not be loaded" error={error} reset={reset} backHref="/settings" />;
}
