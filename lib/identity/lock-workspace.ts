import type { Workspace } from "../generated/prisma/client";
import type { Tx } from "../db";

// Locks the workspace row against a concurrent identification-mode switch and returns it as stored
// now, so that the mode used for claims is the one that commits.
export async function lockWorkspaceShared<W extends Workspace>(tx: Tx, workspace: W): Promise<W> {
  const rows = await tx.$queryRaw<{ mode: Workspace["identificationMode"] }[]>`
    SELECT identification_mode::text AS mode FROM workspace WHERE id = ${workspace.id} FOR SHARE`;
  if (!rows.length) throw new Error(`workspace ${workspace.id} does not exist`);
  return rows[0].mode === workspace.identificationMode ? workspace : { ...workspace, identificationMode: rows[0].mode };
}
