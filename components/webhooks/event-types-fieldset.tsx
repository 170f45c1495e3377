// The event types an endpoint receives, as checkboxes (`type:<event type>`), for the add and edit forms.
import { FieldError } from "@/components/ui/input";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENT_TYPES } from "@/lib/outbox/event-types";

export function EventTypesFieldset({ idPrefix, isChecked, error }: { idPrefix: string; isChecked: (type: string) => boolean; error?: string }) {
  return (
    <fieldset aria-describedby={`${idPrefix}-types-error`}>
      <legend className="text-sm font-medium text-slate-700">Event types</legend>
      <div className="mt-2 grid gap-1 sm:grid-cols-2">
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className="flex items-start gap-2 text-sm text-slate-800">
            <input type="checkbox" name={`type:${type}`} defaultChecked={isChecked(type)} className="mt-1" />
            <span>
              <span className="font-mono text-xs">{type}</span> — {WEBHOOK_EVENT_LABELS[type]}
            </span>
          </label>
        ))}
      </div>
      <FieldError id={`${idPrefix}-types-error`} message={error} />
    </fieldset>
  );
}
