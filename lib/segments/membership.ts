// owned by segments: placeholder with the agreed signature until lib/segments lands. Re-evaluates the
// data-driven segments for the given people inside the caller's transaction.
import type { Tx } from "../db";

export async function refreshMemberships(_options: { tx: Tx; workspaceId: string; cioIds: string[] }): Promise<void> {}
