import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { CreateUserForm } from "@/components/users/create-user-form";
import { UsersTable } from "@/components/users/users-table";
import { requirePageUser } from "@/lib/auth/guard";
import { listUsers } from "@/lib/auth/users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requirePageUser("admin");
  const users = await listUsers();
  return (
    <>
      <PageHeader
        title="Users"
        description="Staff who can sign in. Admins manage settings, keys and users; support staff work with people. Deactivated users can't sign in."
      />
      <section aria-labelledby="create-user-heading" className="mb-8 max-w-3xl rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="create-user-heading" className="mb-4 text-base font-semibold text-slate-900">
          Add a user
        </h2>
        <CreateUserForm />
      </section>
      <UsersTable users={users} currentUserId={me.id} />
    </>
  );
}
