"use client";
// Edits a flat AND/OR list of attribute conditions (the shape of lib/segments/conditions.ts). Used by
// the People page filter and the data-driven segment editor. A nested tree from a URL or the API is
// shown read-only with a way to start over.
import { useId } from "react";
import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { ATTRIBUTE_OPERATORS, OPERATOR_LABELS, VALUELESS_OPERATORS, type AttributeOperator, type Condition } from "@/lib/segments/condition-schema";

export type ConditionRule = { field: string; operator: AttributeOperator; value: string };
export type ConditionDraft = { match: "and" | "or"; rules: ConditionRule[] } | { custom: Condition };

export const EMPTY_RULE: ConditionRule = { field: "", operator: "eq", value: "" };

// Reads a condition into the builder's flat form, or marks it as custom when it is nested.
export function draftFromCondition(condition: Condition | null | undefined): ConditionDraft {
  if (!condition) return { match: "and", rules: [] };
  const flat = (list: Condition[]) =>
    list.every((c) => "attribute" in c)
      ? list.map((c) => {
          const a = (c).attribute;
          return { field: a.field, operator: a.operator, value: a.value === undefined ? "" : String(a.value) };
        })
      : null;
  if ("attribute" in condition) return { match: "and", rules: flat([condition])! };
  if ("and" in condition) {
    const rules = flat(condition.and);
    if (rules) return { match: "and", rules };
  }
  if ("or" in condition) {
    const rules = flat(condition.or);
    if (rules) return { match: "or", rules };
  }
  return { custom: condition };
}

// The condition for a draft; rules with no attribute name are skipped, null when nothing is left.
export function conditionFromDraft(draft: ConditionDraft): Condition | null {
  if ("custom" in draft) return draft.custom;
  const rules = draft.rules.filter((r) => r.field.trim() !== "");
  if (rules.length === 0) return null;
  const list: Condition[] = rules.map((r) => ({
    attribute: {
      field: r.field.trim(),
      operator: r.operator,
      ...(VALUELESS_OPERATORS.includes(r.operator) ? {} : { value: r.value }),
    },
  }));
  return draft.match === "and" ? { and: list } : { or: list };
}

// Problems that would make the condition invalid, one per rule (empty string when fine).
export function draftErrors(draft: ConditionDraft): string[] {
  if ("custom" in draft) return [];
  return draft.rules.map((r) => {
    if (!r.field.trim()) return "Enter an attribute name.";
    if (VALUELESS_OPERATORS.includes(r.operator)) return "";
    if (r.value.trim() === "") return "Enter a value.";
    if ((r.operator === "gt" || r.operator === "lt") && !Number.isFinite(Number(r.value))) return "Enter a number.";
    if ((r.operator === "before" || r.operator === "after") && !Number.isFinite(Number(r.value)) && Number.isNaN(Date.parse(r.value))) {
      return "Enter a date (2025-01-31) or a unix timestamp.";
    }
    return "";
  });
}

export function ConditionBuilder({
  draft,
  onChange,
  attributeNames,
  showErrors = false,
}: {
  draft: ConditionDraft;
  onChange: (draft: ConditionDraft) => void;
  attributeNames: string[];
  showErrors?: boolean;
}) {
  const id = useId();
  if ("custom" in draft) {
    return (
      <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
        <p className="text-slate-700">This filter has nested conditions the builder can&apos;t edit:</p>
        <pre className="mt-2 max-h-40 overflow-auto rounded bg-white p-2 text-xs text-slate-700">{JSON.stringify(draft.custom, null, 2)}</pre>
        <Button className="mt-2" onClick={() => onChange({ match: "and", rules: [{ ...EMPTY_RULE }] })}>
          Start a new filter
        </Button>
      </div>
    );
  }
  const errors = draftErrors(draft);
  const update = (index: number, patch: Partial<ConditionRule>) =>
    onChange({ ...draft, rules: draft.rules.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)) });

  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="sr-only">Attribute conditions</legend>
      <div className="flex items-center gap-2 text-sm text-slate-700">
        <label htmlFor={`${id}-match`}>Match</label>
        <Select id={`${id}-match`} value={draft.match} onChange={(e) => onChange({ ...draft, match: e.target.value as "and" | "or" })}>
          <option value="and">all conditions (AND)</option>
          <option value="or">any condition (OR)</option>
        </Select>
      </div>
      <datalist id={`${id}-attributes`}>
        {attributeNames.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <ol className="flex flex-col gap-2">
        {draft.rules.map((rule, index) => {
          const n = index + 1;
          const error = showErrors ? errors[index] : "";
          const valueless = VALUELESS_OPERATORS.includes(rule.operator);
          return (
            <li key={index} className="flex flex-wrap items-start gap-2">
              <Input
                aria-label={`Attribute ${n}`}
                list={`${id}-attributes`}
                placeholder="attribute, e.g. plan"
                value={rule.field}
                aria-invalid={Boolean(error) || undefined}
                onChange={(e) => update(index, { field: e.target.value })}
                className="w-44"
              />
              <Select aria-label={`Operator ${n}`} value={rule.operator} onChange={(e) => update(index, { operator: e.target.value as AttributeOperator })}>
                {ATTRIBUTE_OPERATORS.map((op) => (
                  <option key={op} value={op}>
                    {OPERATOR_LABELS[op]}
                  </option>
                ))}
              </Select>
              {valueless ? null : (
                <Input
                  aria-label={`Value ${n}`}
                  placeholder={rule.operator === "before" || rule.operator === "after" ? "2025-01-31" : "value"}
                  value={rule.value}
                  aria-invalid={Boolean(error) || undefined}
                  onChange={(e) => update(index, { value: e.target.value })}
                  className="w-44"
                />
              )}
              <Button variant="ghost" aria-label={`Remove condition ${n}`} onClick={() => onChange({ ...draft, rules: draft.rules.filter((_, i) => i !== index) })}>
                <X aria-hidden className="size-4" />
              </Button>
              {error ? (
                <p className="w-full text-xs text-red-600" aria-live="polite">
                  Condition {n}: {error}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      <div>
        <Button variant="ghost" onClick={() => onChange({ ...draft, rules: [...draft.rules, { ...EMPTY_RULE }] })}>
          <Plus aria-hidden className="size-4" /> Add condition
        </Button>
      </div>
    </fieldset>
  );
}
