// Identifier claims: the one table whose unique key (workspace, kind, value_hash) decides who owns an
// identifier value, a living person (cio_id) or a suppression (suppression_id).
import { Prisma } from "../generated/prisma/client";
import type { Tx } from "../db";
import type { IdentifierKind } from "./identifiers";

export type ClaimRow = { kind: IdentifierKind; valueHash: string; cioId: string | null; suppressionId: string | null };

// The claims (if any) on the given identifier hashes.
export async function findClaims(
  tx: Tx,
  workspaceId: string,
  wanted: { kind: IdentifierKind; hash: string }[],
): Promise<ClaimRow[]> {
  if (!wanted.length) return [];
  const pairs = Prisma.join(wanted.map((w) => Prisma.sql`(${w.kind}::"IdentifierKind", ${w.hash})`));
  return tx.$queryRaw<ClaimRow[]>`
    SELECT kind::text AS "kind", value_hash AS "valueHash", cio_id AS "cioId", suppression_id AS "suppressionId"
    FROM identifier_claim
    WHERE workspace_id = ${workspaceId} AND (kind, value_hash) IN (${pairs})`;
}
