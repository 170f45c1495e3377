"use client";
// Staff accounts with their role and access controls: column definitions over the table kit.
import { ListTable, listColumnHelper } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import type { StaffUser } from "@/lib/auth/users";
import { formatDate } from "@/lib/ui/format";
import { UserRowActions } from "./user-row-actions";

const column = listColumnHelper<StaffUser>();

function usersColumns(currentUserId: string) {
  return column.columns([
    column.accessor("name", {
      header: "Name",
      cell: ({ row }) => (
        <>
          {row.original.name}
          {row.original.id === currentUserId ? <span className="ml-1 text-xs text-slate-500">(you)</span> : null}
        </>
      ),
      meta: { cellClassName: "font-medium text-slate-900" },
    }),
    column.accessor("email", { header: "Email", cell: (info) => info.getValue(), meta: { cellClassName: "text-slate-700" } }),
    column.accessor("isActive", { header: "Status", cell: (info) => (info.getValue() ? <Badge tone="success">Active</Badge> : <Badge tone="neutral">Deactivated</Badge>) }),
    column.accessor("createdAt", { header: "Added", cell: (info) => formatDate(info.getValue()), meta: { cellClassName: "text-slate-600" } }),
    column.display({
      id: "access",
      header: "Role and access",
      cell: ({ row }) => {
        const user = row.original;
        return <UserRowActions user={{ id: user.id, email: user.email, role: user.role, isActive: user.isActive }} isSelf={user.id === currentUserId} />;
      },
    }),
  ]);
}

export function UsersTable({ users, currentUserId }: { users: StaffUser[]; currentUserId: string }) {
  return <ListTable columns={usersColumns(currentUserId)} data={users} getRowId={(user) => user.id} label="Users" empty="No users." />;
}
