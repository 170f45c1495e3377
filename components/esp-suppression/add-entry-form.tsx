"use client";
// Adds one address under a type. Errors show next to their field; the typed values survive a refusal.
import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Select } from "@/components/ui/input";
import { addEspSuppressionAction } from "@/lib/esp-suppression/actions";
import { IDLE_ACTION_STATE } from "@/lib/actions/state";
import { ESP_TYPE_OPTIONS } from "@/lib/esp-suppression/schemas";

export function AddEntryForm() {
  const [state, formAction, isPending] = useActionState(addEspSuppressionAction, IDLE_ACTION_STATE);
  const error = (field: string) => state.fieldErrors?.[field]?.[0];
  useEffect(() => {
    if (state.ok && state.message) toast.success(state.message);
  }, [state]);
  // A new key after each answer re-applies the echoed values to the uncontrolled fields.
  const values = state.ok ? {} : (state.values ?? {});
  return (
    <form action={formAction} noValidate className="grid grid-cols-1 gap-x-3 gap-y-1 md:grid-cols-[2fr_1fr_2fr_7rem_auto]" key={JSON.stringify(state)}>
      <div className="flex flex-col gap-1">
        <label htmlFor="esp-add-email" className="text-sm font-medium text-slate-700">Email</label>
        <Input id="esp-add-email" name="email" type="email" defaultValue={values.email} autoComplete="off" aria-invalid={!!error("email") || undefined} aria-describedby="esp-add-email-error" />
        <FieldError id="esp-add-email-error" message={error("email")} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="esp-add-type" className="text-sm font-medium text-slate-700">Type</label>
        <Select id="esp-add-type" name="type" defaultValue={values.type || "bounces"} aria-describedby="esp-add-type-error">
          {ESP_TYPE_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>{option.label}</option>
          ))}
        </Select>
        <FieldError id="esp-add-type-error" message={error("type")} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="esp-add-reason" className="text-sm font-medium text-slate-700">Reason</label>
        <Input id="esp-add-reason" name="reason" defaultValue={values.reason} autoComplete="off" aria-describedby="esp-add-reason-error" />
        <FieldError id="esp-add-reason-error" message={error("reason")} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="esp-add-status" className="text-sm font-medium text-slate-700">Status code</label>
        <Input id="esp-add-status" name="statusCode" inputMode="numeric" defaultValue={values.statusCode} aria-invalid={!!error("statusCode") || undefined} aria-describedby="esp-add-status-error" />
        <FieldError id="esp-add-status-error" message={error("statusCode")} />
      </div>
      <div className="flex items-start pt-6">
        <Button type="submit" variant="primary" disabled={isPending}>
          Add address
        </Button>
      </div>
      {!state.ok && state.message ? (
        <p role="alert" className="text-sm text-red-600 md:col-span-5">{state.message}</p>
      ) : null}
    </form>
  );
}
