import type { InputHTMLAttributes, SelectHTMLAttributes } from "react";
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
