"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Select } from "@/components/ui/input";
import { createUserAction } from "@/lib/auth/actions";
import { IDLE_ACTION_STATE } from "@/lib/actions/state";

export function CreateUserForm() {
  const [state, formAction, isPending] = useActionState(createUserAction, IDLE_ACTION_STATE);
  const error = (field: string) => state.fieldErrors?.[field]?.[0];
  return (
    <form action={formAction} className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-2" noValidate>
      <div className="flex flex-col gap-1">
        <label htmlFor="new-user-name" className="text-sm font-medium text-slate-700">Name</label>
        <Input id="new-user-name" name="name" autoComplete="off" aria-describedby="new-user-name-error" aria-invalid={!!error("name") || undefined} />
        <FieldError id="new-user-name-error" message={error("name")} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="new-user-email" className="text-sm font-medium text-slate-700">Email</label>
        <Input id="new-user-email" name="email" type="email" autoComplete="off" aria-describedby="new-user-email-error" aria-invalid={!!error("email") || undefined} />
        <FieldError id="new-user-email-error" message={error("email")} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="new-user-password" className="text-sm font-medium text-slate-700">Initial password</label>
        <Input id="new-user-password" name="password" type="password" autoComplete="new-password" aria-describedby="new-user-password-error" aria-invalid={!!error("password") || undefined} />
        <FieldError id="new-user-password-error" message={error("password")} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="new-user-role" className="text-sm font-medium text-slate-700">Role</label>
        <Select id="new-user-role" name="role" defaultValue="support" aria-describedby="new-user-role-error">
          <option value="support">Support</option>
          <option value="admin">Admin</option>
        </Select>
        <FieldError id="new-user-role-error" message={error("role")} />
      </div>
      <div className="flex items-center gap-3 sm:col-span-2">
        <Button type="submit" variant="primary" disabled={isPending}>
          Create user
        </Button>
        <p role="status" aria-live="polite" className={state.ok ? "text-sm text-emerald-700" : "text-sm text-red-600"}>
          {state.message}
        </p>
      </div>
    </form>
  );
}
