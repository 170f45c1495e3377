import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { cn } from "@/lib/ui/cn";

const FIELD =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-xs placeholder:text-slate-400 focus:border-indigo-500 focus:outline-2 focus:outline-indigo-200 aria-invalid:border-red-500";

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(FIELD, className)} {...props} />;
}

export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cn(FIELD, "pr-8", className)} {...props} />;
}

// An inline error under a field, announced to screen readers.
export function FieldError({ id, message }: { id?: string; message?: string | null }) {
  return (
    <p id={id} aria-live="polite" className="min-h-4 text-xs text-red-600">
      {message ?? ""}
    </p>
  );
}

type FieldProps = { id: string; label: ReactNode; error?: string | null };

function Field({ id, label, error, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

// The aria wiring of a field whose error shows under it.
function described(id: string, error?: string | null) {
  return { id, "aria-describedby": `${id}-error`, "aria-invalid": error ? true : undefined };
}

// A labelled input with its error under it (an action's fieldErrors[name][0]), announced.
export function TextField({ id, label, error, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field id={id} label={label} error={error}>
      <Input {...described(id, error)} {...input} />
    </Field>
  );
}

// A labelled select with its error under it.
export function SelectField({ id, label, error, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field id={id} label={label} error={error}>
      <Select {...described(id, error)} {...select} />
    </Field>
  );
}
