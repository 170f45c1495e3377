// The workspace: one per install for now, created on first use. Data carries workspace_id so that
// several can coexist later.
import { randomBytes } from "node:crypto";
import { db } from "../db";
import type { Workspace } from "../generated/prisma/client";

export const DEFAULT_WORKSPACE_ID = "default";

export type { Workspace };

// Returns the install's workspace, creating it (with a fresh hashing secret) the first time.
export async function getWorkspace(): Promise<Workspace> {
  const existing = await db.workspace.findUnique({ where: { id: DEFAULT_WORKSPACE_ID } });
  if (existing) return existing;
  return db.workspace.upsert({
    where: { id: DEFAULT_WORKSPACE_ID },
    update: {},
    create: {
      id: DEFAULT_WORKSPACE_ID,
      name: process.env.WORKSPACE_NAME ?? "My workspace",
      identificationMode: "email_or_id",
      hashSecret: randomBytes(32).toString("hex"),
    },
  });
}
