"use client";
// What an admin section shows when its server query fails (its error.tsx): says so, offers a retry,
// and gives the error's reference, never its text (which can quote personal data).
import Link from "next/link";
import { Button } from "@/components/ui/button";

export function SectionError({ title, error, reset, backHref }: { title: string; error: Error & { digest?: string }; reset: () => void; backHref: string }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-800">
      <h1 className="text-lg font-semibold">{title}</h1>
      <p className="mt-1">Something went wrong while reading this page{error.digest ? ` (reference ${error.digest})` : ""}. Try again.</p>
      <div className="mt-4 flex gap-2">
        <Button variant="primary" onClick={() => reset()}>
          Try again
        </Button>
        <Link href={backHref} className="inline-flex items-center rounded-md px-3 py-1.5 font-medium text-red-800 underline">
          Start over
        </Link>
      </div>
    </div>
  );
}
