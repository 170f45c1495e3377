"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { signInAction } from "@/lib/actions/auth";
import { IDLE_ACTION_STATE } from "@/lib/ui/action-state";

export function LoginForm({ next }: { next: string }) {
  const [state, formAction, isPending] = useActionState(signInAction, IDLE_ACTION_STATE);
  const hasError = !state.ok && state.message !== "";
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="next" value={next} />
      <div className="flex flex-col gap-1">
        <label htmlFor="login-email" className="text-sm font-medium text-slate-700">
          Email
        </label>
        <Input
          id="login-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.values?.email ?? ""}
          key={state.values?.email ?? ""}
          aria-invalid={hasError || undefined}
          aria-describedby="login-error"
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="login-password" className="text-sm font-medium text-slate-700">
          Password
        </label>
        <Input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={hasError || undefined}
          aria-describedby="login-error"
        />
      </div>
      <p id="login-error" role="alert" aria-live="polite" className="min-h-5 text-sm text-red-600">
        {hasError ? state.message : ""}
      </p>
      <Button type="submit" variant="primary" disabled={isPending}>
        {isPending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
