import { Badge } from "@/components/ui/badge";
import type { StaffUser } from "@/lib/auth/users";
import { formatDate } from "@/lib/ui/format";
import { UserRowActions } from "./user-row-actions";

export function UsersTable({ users, currentUserId }: { users: StaffUser[]; currentUserId: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Users</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-600 uppercase">
          <tr>
            <th scope="col" className="px-4 py-2">Name</th>
            <th scope="col" className="px-4 py-2">Email</th>
            <th scope="col" className="px-4 py-2">Status</th>
            <th scope="col" className="px-4 py-2">Added</th>
            <th scope="col" className="px-4 py-2">Role and access</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {users.map((user) => (
            <tr key={user.id} className="align-top">
              <td className="px-4 py-3 font-medium text-slate-900">
                {user.name}
                {user.id === currentUserId ? <span className="ml-1 text-xs text-slate-500">(you)</span> : null}
              </td>
              <td className="px-4 py-3 text-slate-700">{user.email}</td>
              <td className="px-4 py-3">
                {user.isActive ? <Badge tone="success">Active</Badge> : <Badge tone="neutral">Deactivated</Badge>}
              </td>
              <td className="px-4 py-3 text-slate-600">{formatDate(user.createdAt)}</td>
              <td className="px-4 py-3">
                <UserRowActions user={{ id: user.id, email: user.email, role: user.role, isActive: user.isActive }} isSelf={user.id === currentUserId} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
