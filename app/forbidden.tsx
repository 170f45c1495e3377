import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "403 — Not allowed" };

// Rendered with HTTP 403 when a signed-in user lacks the role (forbidden() in lib/auth/guard.ts).
export default function Forbidden() {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <div className="max-w-md text-center">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">403 — Not allowed</h1>
        <p className="mt-2 text-sm text-slate-600">Your role doesn&apos;t give access to this page. Ask an admin if you need it.</p>
        <Link href="/people" className="mt-4 inline-block text-sm font-medium text-indigo-600 hover:underline">
          Go to People
        </Link>
      </div>
    </main>
  );
}
