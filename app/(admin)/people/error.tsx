"use client";
// When the People page's query fails: say so, offer a retry, and keep the way back to an unfiltered view.
import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function PeopleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-800">
      <h1 className="text-lg font-semibold">People could not be loaded</h1>
      <p className="mt-1">Something went wrong while reading people{error.digest ? ` (reference ${error.digest})` : ""}. Try again, or clear the filters.</p>
      <div className="mt-4 flex gap-2">
        <Button variant="primary" onClick={() => reset()}>
          Try again
        </Button>
        <Link href="/people" className="inline-flex items-center rounded-md px-3 py-1.5 font-medium text-red-800 underline">
          Clear filters
        </Link>
      </div>
    </div>
  );
}
