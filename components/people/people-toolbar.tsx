"use client";
// The People page's controls: debounced id/email prefix search, segment filter, attribute-condition
// filter and attribute column (all kept in the URL), and the actions on the selection.
import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { Filter, Trash2 } from "lucide-react";
import { SearchInput } from "@/components/data-table/toolbar";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { peopleHref } from "@/lib/people/search-params";
import type { Condition } from "@/lib/segments/condition-schema";
import type { SegmentOption } from "@/lib/segments/queries";
import { formatCount } from "@/lib/ui/format";
import type { PeopleViewState } from "./columns";
import { ConditionBuilder, conditionFromDraft, draftErrors, draftFromCondition, EMPTY_RULE, type ConditionDraft } from "./condition-builder";

export function PeopleToolbar({
  view,
  condition,
  segments,
  attributeNames,
  selectedCount,
  onDelete,
  onAddToSegment,
  onRemoveFromSegment,
}: {
  view: PeopleViewState;
  condition: Condition | null;
  segments: SegmentOption[];
  attributeNames: string[];
  selectedCount: number;
  onDelete: () => void;
  onAddToSegment: (segmentId: string) => void;
  onRemoveFromSegment: (segmentId: string) => void;
}) {
  const router = useRouter();
  const id = useId();
  const [isFilterOpen, setIsFilterOpen] = useState(false);
  const [draft, setDraft] = useState<ConditionDraft>(() => draftFromCondition(condition));
  const [showErrors, setShowErrors] = useState(false);
  const [targetSegment, setTargetSegment] = useState("");

  const ruleCount = condition ? ("and" in condition ? condition.and.length : "or" in condition ? condition.or.length : 1) : 0;
  const manualSegments = segments.filter((s) => s.kind === "manual");
  // Filtered by a manual segment: the selection can leave it.
  const viewSegment = manualSegments.find((s) => s.id === view.segment);

  const applyFilter = () => {
    if (draftErrors(draft).some(Boolean)) {
      setShowErrors(true);
      return;
    }
    setShowErrors(false);
    const next = conditionFromDraft(draft);
    router.push(peopleHref({ ...view, filter: next ? JSON.stringify(next) : undefined }), { scroll: false });
    setIsFilterOpen(false);
  };

  return (
    <div className="mb-3 flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3">
        <SearchInput label="Search people" placeholder="Search by id or email prefix" />
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-segment`} className="text-xs font-medium text-slate-600">
            Segment
          </label>
          <Select
            id={`${id}-segment`}
            value={view.segment ?? ""}
            onChange={(e) => router.push(peopleHref({ ...view, segment: e.target.value || undefined }), { scroll: false })}
          >
            <option value="">All people</option>
            {segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-attr`} className="text-xs font-medium text-slate-600">
            Attribute column
          </label>
          <Select id={`${id}-attr`} value={view.attr ?? ""} onChange={(e) => router.push(peopleHref({ ...view, attr: e.target.value || undefined }), { scroll: false })}>
            <option value="">None</option>
            {[...new Set([...(view.attr ? [view.attr] : []), ...attributeNames])].map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
        </div>
        <Button aria-expanded={isFilterOpen} aria-controls={`${id}-filter`} onClick={() => setIsFilterOpen((open) => !open)}>
          <Filter aria-hidden className="size-4" /> Filter by attributes{ruleCount ? ` (${ruleCount})` : ""}
        </Button>
        {condition ? (
          <Button variant="ghost" onClick={() => router.push(peopleHref({ ...view, filter: undefined }), { scroll: false })}>
            Clear attribute filter
          </Button>
        ) : null}
        <div className="ml-auto flex items-end gap-2">
          {selectedCount > 0 ? (
            <p className="pb-1.5 text-sm text-slate-700" aria-live="polite">
              {formatCount(selectedCount)} selected
            </p>
          ) : null}
          {manualSegments.length > 0 && selectedCount > 0 ? (
            <div className="flex items-end gap-1">
              <Select aria-label="Manual segment to add to" value={targetSegment} onChange={(e) => setTargetSegment(e.target.value)}>
                <option value="">Add to segment…</option>
                {manualSegments.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </Select>
              <Button disabled={!targetSegment} onClick={() => onAddToSegment(targetSegment)}>
                Add
              </Button>
            </div>
          ) : null}
          {viewSegment && selectedCount > 0 ? <Button onClick={() => onRemoveFromSegment(viewSegment.id)}>Remove from {viewSegment.name}</Button> : null}
          <Button variant="danger" disabled={selectedCount === 0} onClick={onDelete}>
            <Trash2 aria-hidden className="size-4" /> Delete forever
          </Button>
        </div>
      </div>
      {isFilterOpen ? (
        <section id={`${id}-filter`} aria-label="Attribute filter" className="rounded-md border border-slate-200 bg-white p-3">
          <ConditionBuilder
            draft={"rules" in draft && draft.rules.length === 0 ? { ...draft, rules: [{ ...EMPTY_RULE }] } : draft}
            onChange={setDraft}
            attributeNames={attributeNames}
            showErrors={showErrors}
          />
          <div className="mt-3 flex gap-2">
            <Button variant="primary" onClick={applyFilter}>
              Apply filter
            </Button>
            <Button onClick={() => setIsFilterOpen(false)}>Close</Button>
          </div>
        </section>
      ) : null}
    </div>
  );
}
