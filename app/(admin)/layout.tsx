import type { ReactNode } from "react";
import { AdminShell } from "@/components/shell/admin-shell";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { requirePageUser } from "@/lib/auth/guard";
import { getWorkspace } from "@/lib/workspace/workspace";

// Every signed-in page. Pages still call requirePageUser themselves (a layout doesn't re-run on
// client navigation, and admin pages need the role check).
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const workspace = await getWorkspace();
  return (
    <AdminShell workspaceName={workspace.name} user={user} userMenu={<SignOutButton />}>
      {children}
    </AdminShell>
  );
}
