// Identifier claims: the one table whose unique key (workspace, kind, value_hash) decides who owns an
// identifier value, a living person (cio_id) or a suppression (suppression_id).
// Claims leave a person here: handed to suppressions, released when a person drops an identifier,
// or dropped for a test's switch back to ID-only mode.
import { Prisma } from "../generated/prisma/client";
import type { Tx } from "../db";
import type { IdentifierKind } from "./identifiers";

// Hands the claims of people about to be deleted to their suppressions (pairwise: cioIds[i] →
// suppressionIds[i]): the values stay taken, now by the suppression. Returns the claims handed over.
export async function handClaimsToSuppressions(
  tx: Tx,
  cioIds: string[],
  suppressionIds: string[],
): Promise<{ cioId: string; kind: IdentifierKind }[]> {
  if (!cioIds.length) return [];
  return tx.$queryRaw<{ cioId: string; kind: IdentifierKind }[]>`
    UPDATE identifier_claim c SET cio_id = NULL, suppression_id = s.sid
    FROM unnest(${cioIds}::text[], ${suppressionIds}::text[]) AS s(cio, sid)
    WHERE c.cio_id = s.cio
    RETURNING s.cio AS "cioId", c.kind::text AS kind`;
}

// Releases some of a person's claims (an id or email they no longer hold), as a CTE named `name`.
export function deletePersonClaimsCte(options: {
  name: string;
  workspaceId: string;
  cioId: string;
  claims: { kind: IdentifierKind; hash: string }[];
}): Prisma.Sql {
  return Prisma.sql`${Prisma.raw(options.name)} AS (
    DELETE FROM identifier_claim
    WHERE workspace_id = ${options.workspaceId} AND cio_id = ${options.cioId}
      AND (kind::text, value_hash) IN (SELECT * FROM unnest(${options.claims.map((c) => c.kind)}::text[], ${options.claims.map((c) => c.hash)}::text[]))
  )`;
}

// Test-only (back to ID-only mode): living people's email claims go; suppressions keep theirs.
export async function dropLivingEmailClaims(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$executeRaw`DELETE FROM identifier_claim WHERE workspace_id = ${workspaceId} AND kind = 'email' AND cio_id IS NOT NULL`;
}
