// The workspace: one per install for now, created on first use. Data carries workspace_id so that
// several can coexist later.
import { randomBytes } from "node:crypto";
import { db } from "../db";
import type { Workspace } from "../generated/prisma/client";

const DEFAULT_WORKSPACE_ID = "default";

export type { Workspace };

// Caches of workspaces elsewhere (the API keys' cache) subscribe here and are dropped when a workspace
// setting they hold changes, so lib/workspace needn't import them. On globalThis so that every
// bundle of the app in this process shares one set of listeners.
const workspaceChangeListeners = ((globalThis as { __peopleAdminWorkspaceListeners?: Set<() => void> }).__peopleAdminWorkspaceListeners ??=
  new Set());

export function onWorkspaceChanged(listener: () => void): void {
  workspaceChangeListeners.add(listener);
}

export function workspaceChanged(): void {
  for (const listener of workspaceChangeListeners) listener();
}

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
