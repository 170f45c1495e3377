import type { ReactNode } from "react";
import { requirePageUser } from "@/lib/auth/guard";

// Every settings page is admin-only; each page checks too (a layout doesn't re-run on client navigation).
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  await requirePageUser("admin");
  return children;
}
