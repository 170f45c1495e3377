"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/ui/cn";
import { NAV_SECTIONS } from "./nav-items";

export function SideNav({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-6 p-3 text-sm">
      {NAV_SECTIONS.map((section, index) => {
        const items = section.items.filter((item) => isAdmin || !item.adminOnly);
        if (items.length === 0) return null;
        return (
          <div key={section.label ?? index}>
            {section.label ? (
              <p className="mb-1 px-2 text-xs font-semibold tracking-wide text-slate-400 uppercase">{section.label}</p>
            ) : null}
            <ul className="flex flex-col gap-0.5">
              {items.map((item) => {
                const isActive = pathname === item.href || pathname.startsWith(`${item.href}/`);
                return (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      aria-current={isActive ? "page" : undefined}
                      className={cn(
                        "block rounded-md px-2 py-1.5 text-slate-300 hover:bg-slate-800 hover:text-white",
                        isActive && "bg-slate-800 font-medium text-white",
                      )}
                    >
                      {item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
