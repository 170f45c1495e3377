// One identify batch inside the caller's transaction: read (people locked), plan each row, write.
// identifyMany runs its rows through it, and identify a call it can't write in one statement.
import type { Workspace } from "../generated/prisma/client";
import type { Tx } from "../db";
import { parseIdentifier, type ParsedIdentifier } from "../identity/identifiers";
import { RetryTransaction } from "../identity/retry-transaction";
import { dataDrivenLevelsAt } from "../segments/membership";
import type { ParsedAttributes } from "./attributes";
import { BatchState } from "./identify-batch-state";
import { planRow } from "./plan-identify-row";
import { memoHasher, namedIdentifiers, readSnapshot, type Named, type Snapshot } from "./read-identify-snapshot";
import { writeBatch } from "./write-identify-batch";

// A row once parsed: its target and attributes, or why it was refused before any database work.
export type Parsed = { raw: string; input: ParsedAttributes } | { error: unknown };

// One batch inside the caller's transaction (retried from the start on RetryTransaction): read,
// plan every row in order, write. A row refused by a rule gets its error and changes nothing.
export async function identifyBatch(
  tx: Tx,
  cachedWorkspace: Workspace,
  rows: Parsed[],
): Promise<({ cioId: string | null; created: boolean } | { error: unknown })[]> {
  let workspace = cachedWorkspace;
  const hash = memoHasher(workspace); // the secret is the same in either mode
  let snapshot: Snapshot;
  let targets: (ParsedIdentifier | { error: unknown })[];
  for (;;) {
    const named: Named[] = [];
    const cioIds: string[] = [];
    targets = rows.map((row) => {
      if ("error" in row) return row;
      try {
        const target = parseIdentifier(workspace, row.raw);
        named.push(...namedIdentifiers(workspace, hash, target, row.input));
        if (target.kind === "cio_id") cioIds.push(target.cioId);
        return target;
      } catch (error) {
        return { error };
      }
    });
    snapshot = await readSnapshot(tx, workspace.id, named, cioIds);
    if (snapshot.mode === workspace.identificationMode) break;
    // The mode switched since the workspace was cached: read again under the mode that commits.
    workspace = { ...workspace, identificationMode: snapshot.mode };
  }
  const state = new BatchState(workspace, snapshot, hash);
  const outcomes = rows.map((row, i) => {
    const target = targets[i];
    if ("error" in row) return row;
    if ("error" in target) return target;
    try {
      return planRow(state, target, row.input);
    } catch (error) {
      if (error instanceof RetryTransaction) throw error;
      return { error };
    }
  });
  if (state.created.size || state.updated.size) {
    await writeBatch(tx, state, await dataDrivenLevelsAt(tx, workspace.id, snapshot.segmentsVersion));
  }
  return outcomes;
}
