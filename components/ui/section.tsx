import type { ReactNode } from "react";
import { cn } from "@/lib/ui/cn";

const SIZES = {
  // A page's own panels: a form, a look-up, a settings group.
  page: { card: "p-5", heading: "mb-3 text-base font-semibold text-slate-900" },
  // Panels side by side (the person page, the chart above a list).
  compact: { card: "p-4", heading: "mb-3 text-sm font-semibold text-slate-900" },
};

function headingId(title: string): string {
  return `${title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}-heading`;
}

// A region of a page named by its h2, so that it is one landmark (getByRole("region", { name: title }));
// framed as a card unless `card` is false. `id` names the heading when two on a page share a title.
export function Section({
  title,
  id,
  card = true,
  size = "page",
  className,
  children,
}: {
  title: string;
  id?: string;
  card?: boolean;
  size?: keyof typeof SIZES;
  className?: string;
  children: ReactNode;
}) {
  const heading = id ?? headingId(title);
  return (
    <section aria-labelledby={heading} className={cn(card && "rounded-lg border border-slate-200 bg-white", card && SIZES[size].card, className)}>
      <h2 id={heading} className={SIZES[size].heading}>
        {title}
      </h2>
      {children}
    </section>
  );
}
