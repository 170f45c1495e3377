"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { deactivateUserAction, reactivateUserAction, setUserRoleAction } from "@/lib/actions/auth";
import { IDLE_ACTION_STATE } from "@/lib/ui/action-state";

type RowUser = { id: string; email: string; role: "admin" | "support"; isActive: boolean };

export function UserRowActions({ user, isSelf }: { user: RowUser; isSelf: boolean }) {
  const [roleState, roleAction, isRolePending] = useActionState(setUserRoleAction, IDLE_ACTION_STATE);
  const [deactivateState, deactivateAction, isDeactivatePending] = useActionState(deactivateUserAction, IDLE_ACTION_STATE);
  const [reactivateState, reactivateAction, isReactivatePending] = useActionState(reactivateUserAction, IDLE_ACTION_STATE);
  const accessAction = user.isActive ? deactivateAction : reactivateAction;
  const isAccessPending = isDeactivatePending || isReactivatePending;
  const states = [roleState, deactivateState, reactivateState];
  const failed = states.find((state) => state.message && !state.ok);
  const message = failed?.message ?? states.find((state) => state.message)?.message;
  const isError = Boolean(failed);
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-center gap-2">
        <form action={roleAction} className="flex items-center gap-2">
          <input type="hidden" name="userId" value={user.id} />
          <Select name="role" defaultValue={user.role} aria-label={`Role of ${user.email}`} key={user.role}>
            <option value="support">Support</option>
            <option value="admin">Admin</option>
          </Select>
          <Button type="submit" disabled={isRolePending} aria-label={`Save role for ${user.email}`}>
            Save role
          </Button>
        </form>
        {isSelf ? null : (
          <form action={accessAction}>
            <input type="hidden" name="userId" value={user.id} />
            <Button
              type="submit"
              variant={user.isActive ? "danger" : "secondary"}
              disabled={isAccessPending}
              aria-label={`${user.isActive ? "Deactivate" : "Reactivate"} ${user.email}`}
            >
              {user.isActive ? "Deactivate" : "Reactivate"}
            </Button>
          </form>
        )}
      </div>
      <p role="status" aria-live="polite" className={isError ? "text-xs text-red-600" : "text-xs text-emerald-700"}>
        {message ?? ""}
      </p>
    </div>
  );
}
