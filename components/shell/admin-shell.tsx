import type { ReactNode } from "react";
import { SideNav } from "./side-nav";

export type ShellUser = { name: string; email: string; role: "admin" | "support" };

// The frame of every signed-in page: navigation on the left, workspace and user on top.
export function AdminShell({
  workspaceName,
  user,
  userMenu,
  children,
}: {
  workspaceName: string;
  user: ShellUser;
  userMenu?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-screen">
      <aside className="w-60 shrink-0 bg-slate-900 print:hidden">
        <div className="px-5 py-4 text-sm font-semibold text-white">People admin</div>
        <SideNav isAdmin={user.role === "admin"} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-between border-b border-slate-200 bg-white px-6 print:hidden">
          <p className="text-sm font-medium text-slate-700" aria-label="Workspace">
            {workspaceName}
          </p>
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-600" aria-label="Signed in as">
              {user.email} <span className="text-slate-500">({user.role})</span>
            </span>
            {userMenu}
          </div>
        </header>
        <main className="min-w-0 flex-1 px-6 py-6">{children}</main>
      </div>
    </div>
  );
}
