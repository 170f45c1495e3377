import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getCurrentUser } from "@/lib/auth/guard";
import { safeNextPath } from "@/lib/auth/schemas";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  const nextPath = safeNextPath(Array.isArray(next) ? next[0] : next);
  if (await getCurrentUser()) redirect(nextPath);
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-sm font-semibold text-indigo-600">People admin</p>
        <h1 className="mt-1 mb-6 text-2xl font-semibold tracking-tight text-slate-900">Sign in</h1>
        <LoginForm next={nextPath} />
      </div>
    </main>
  );
}
