"use client";
// Toolbar pieces every list shares: the debounced URL search box and the "N selected" bar with the
// actions on the selection.
import type { ReactNode } from "react";
import { useEffect, useId, useRef, useState } from "react";
import { Search } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Input } from "@/components/ui/input";
import { formatCount } from "@/lib/ui/format";

const SEARCH_DEBOUNCE_MS = 300;

// Writes the typed text to ?<param>= after a pause (or on Enter) and drops the paging parameters, so
// a new search starts from the first page. Everything else in the URL stays.
export function SearchInput({
  label,
  placeholder,
  param = "q",
  resetParams = ["page", "cursor"],
  className = "w-72",
}: {
  label: string;
  placeholder: string;
  param?: string;
  resetParams?: string[];
  className?: string;
}) {
  const id = useId();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const current = searchParams.get(param) ?? "";
  const [value, setValue] = useState(current);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // The URL changed (back, a link, a reset): show its value. Adjusted while rendering, not in an effect.
  const [seenCurrent, setSeenCurrent] = useState(current);
  if (current !== seenCurrent) {
    setSeenCurrent(current);
    setValue(current);
  }
  // A pending search never overrides navigation: it is dropped when the page goes away, when a link
  // is clicked (the page stays mounted until the next one arrives, and the search's replace would
  // land after the click and take the user back) and on back/forward.
  useEffect(() => {
    const drop = () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
    const dropOnLinkClick = (event: MouseEvent) => {
      if (timer.current && event.target instanceof Element && event.target.closest("a[href]")) drop();
    };
    document.addEventListener("click", dropOnLinkClick, true);
    window.addEventListener("popstate", drop);
    return () => {
      drop();
      document.removeEventListener("click", dropOnLinkClick, true);
      window.removeEventListener("popstate", drop);
    };
  }, []);

  const apply = (next: string) => {
    if (next.trim() === current) return;
    const params = new URLSearchParams(searchParams.toString());
    if (next.trim()) params.set(param, next.trim());
    else params.delete(param);
    for (const name of resetParams) params.delete(name);
    const query = params.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  return (
    <form
      role="search"
      className="relative"
      onSubmit={(event) => {
        event.preventDefault();
        if (timer.current) clearTimeout(timer.current);
        apply(value);
      }}
    >
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Search aria-hidden className="pointer-events-none absolute top-2 left-2.5 size-4 text-slate-500" />
      <Input
        id={id}
        type="search"
        value={value}
        placeholder={placeholder}
        className={`${className} pl-8`}
        onChange={(event) => {
          const next = event.target.value;
          setValue(next);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => {
            timer.current = null;
            apply(next);
          }, SEARCH_DEBOUNCE_MS);
        }}
      />
    </form>
  );
}

// "N selected" and the actions on the selection; announced politely as the count changes.
export function SelectionBar({ count, children }: { count: number; children?: ReactNode }) {
  return (
    <div className="flex min-h-9 items-center gap-3 text-sm" aria-live="polite">
      {count > 0 ? (
        <>
          <span className="text-slate-700">{formatCount(count)} selected</span>
          {children}
        </>
      ) : null}
    </div>
  );
}
