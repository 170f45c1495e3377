// The Activity page's type filter: a plain GET form, so the filter lives in the URL.
import { buttonClasses } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { ACTIVITY_TYPE_LABELS, ACTIVITY_TYPES, type ActivityTypeValue } from "@/lib/activity/search-params";

export function ActivityFilters({ type }: { type?: ActivityTypeValue }) {
  return (
    <form method="get" action="/activity" className="mb-3 flex items-end gap-2">
      <div className="flex flex-col gap-1">
        <label htmlFor="activity-type" className="text-xs font-medium text-slate-600">
          Type
        </label>
        <Select id="activity-type" name="type" defaultValue={type ?? ""}>
          <option value="">All types</option>
          {ACTIVITY_TYPES.map((value) => (
            <option key={value} value={value}>
              {ACTIVITY_TYPE_LABELS[value]}
            </option>
          ))}
        </Select>
      </div>
      <button type="submit" className={buttonClasses("secondary")}>
        Filter
      </button>
    </form>
  );
}
