"use client";
// Adds one address under a type. Errors show next to their field; the typed values survive a refusal.
import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/input";
import { addEspSuppressionAction } from "@/lib/actions/esp-suppression";
import { IDLE_ACTION_STATE } from "@/lib/ui/action-state";
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
      <TextField id="esp-add-email" label="Email" name="email" type="email" defaultValue={values.email} autoComplete="off" error={error("email")} />
      <SelectField id="esp-add-type" label="Type" name="type" defaultValue={values.type || "bounces"} error={error("type")}>
        {ESP_TYPE_OPTIONS.map((option) => (
          <option key={option.value} value={option.value}>{option.label}</option>
        ))}
      </SelectField>
      <TextField id="esp-add-reason" label="Reason" name="reason" defaultValue={values.reason} autoComplete="off" error={error("reason")} />
      <TextField id="esp-add-status" label="Status code" name="statusCode" inputMode="numeric" defaultValue={values.statusCode} error={error("statusCode")} />
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
