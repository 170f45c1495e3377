import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
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
      <Section title="Add a user" className="mb-8 max-w-3xl">
        <CreateUserForm />
      </Section>
      <UsersTable users={users} currentUserId={me.id} />
    </>
  );
}
