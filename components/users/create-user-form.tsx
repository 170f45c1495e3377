"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/input";
import { createUserAction } from "@/lib/actions/auth";
import { IDLE_ACTION_STATE } from "@/lib/ui/action-state";

export function CreateUserForm() {
  const [state, formAction, isPending] = useActionState(createUserAction, IDLE_ACTION_STATE);
  const error = (field: string) => state.fieldErrors?.[field]?.[0];
  return (
    <form action={formAction} className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-2" noValidate>
      <TextField id="new-user-name" label="Name" name="name" autoComplete="off" error={error("name")} />
      <TextField id="new-user-email" label="Email" name="email" type="email" autoComplete="off" error={error("email")} />
      <TextField id="new-user-password" label="Initial password" name="password" type="password" autoComplete="new-password" error={error("password")} />
      <SelectField id="new-user-role" label="Role" name="role" defaultValue="support" error={error("role")}>
        <option value="support">Support</option>
        <option value="admin">Admin</option>
      </SelectField>
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
