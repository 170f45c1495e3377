"use client";
// The segment editor: name, kind (new segments only) and, for data-driven ones, the condition builder.
import { useActionState, useState } from "react";
import Link from "next/link";
import { ConditionBuilder, conditionFromDraft, draftErrors, draftFromCondition, EMPTY_RULE, type ConditionDraft } from "@/components/people/condition-builder";
import { Button, buttonClasses } from "@/components/ui/button";
import { FieldError, TextField } from "@/components/ui/input";
import { IDLE_ACTION_STATE, type ActionState } from "@/lib/ui/action-state";
import { saveSegmentAction } from "@/lib/actions/segments";
import type { Condition } from "@/lib/segments/condition-schema";

export function SegmentForm({
  segment,
  attributeNames,
}: {
  segment?: { id: string; name: string; kind: "data_driven" | "manual"; condition: Condition | null };
  attributeNames: string[];
}) {
  const [state, formAction, isPending] = useActionState<ActionState, FormData>(saveSegmentAction, IDLE_ACTION_STATE);
  const [kind, setKind] = useState<"data_driven" | "manual">(segment?.kind ?? "data_driven");
  const [draft, setDraft] = useState<ConditionDraft>(() => {
    const initial = draftFromCondition(segment?.condition);
    return "rules" in initial && initial.rules.length === 0 ? { ...initial, rules: [{ ...EMPTY_RULE }] } : initial;
  });
  const [showErrors, setShowErrors] = useState(false);
  const condition = conditionFromDraft(draft);

  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (kind === "data_driven" && (draftErrors(draft).some(Boolean) || !condition)) {
          event.preventDefault();
          setShowErrors(true);
        }
      }}
      className="flex max-w-3xl flex-col gap-5 rounded-lg border border-slate-200 bg-white p-5"
    >
      {segment ? <input type="hidden" name="segmentId" value={segment.id} /> : null}
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="condition" value={JSON.stringify(condition)} />
      <TextField id="segment-name" label="Name" name="name" defaultValue={segment?.name} required maxLength={100} error={state.fieldErrors?.name?.[0]} />
      {segment ? (
        <p className="text-sm text-slate-600">Kind: {kind === "manual" ? "manual" : "data-driven"}</p>
      ) : (
        <fieldset className="flex flex-col gap-1">
          <legend className="text-sm font-medium text-slate-900">Kind</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="kind-choice" checked={kind === "data_driven"} onChange={() => setKind("data_driven")} /> Data-driven: people matching conditions, kept up to date
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="kind-choice" checked={kind === "manual"} onChange={() => setKind("manual")} /> Manual: people you add from the People page
          </label>
        </fieldset>
      )}
      {kind === "data_driven" ? (
        <div>
          <p className="mb-2 text-sm font-medium text-slate-900">Conditions</p>
          <ConditionBuilder draft={draft} onChange={setDraft} attributeNames={attributeNames} showErrors={showErrors} />
          {showErrors && !condition ? <FieldError message="Add at least one condition." /> : null}
        </div>
      ) : null}
      <FieldError message={state.ok ? null : state.message || null} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={isPending}>
          {isPending ? "Saving…" : "Save segment"}
        </Button>
        <Link href="/segments" className={buttonClasses("secondary")}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
