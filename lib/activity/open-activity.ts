// Reading sealed activity: the columns every read selects (the row, and its profile's key row when
// one is left), and what a row then shows. A row whose key row is gone was forgotten; one whose
// attribute key was dropped (a plain delete) keeps its type and time but no snapshot.
import { Prisma, type Workspace } from "../generated/prisma/client";
import { ATTRIBUTE_SNAPSHOT_TYPES, openSealed, unwrapKey, type SealedPayload } from "../profile-keys/sealing";

// FROM activity a LEFT JOIN profile_key k ON k.id = a.key_id
export const ACTIVITY_COLUMNS = Prisma.sql`a.id, a.type::text AS type, a.timestamp, a.forgotten, a.key_id::text AS key_id, a.sealed,
  k.id IS NOT NULL AS has_key, k.cio_id, k.deleted_at IS NOT NULL AS profile_deleted,
  CASE WHEN a.type::text = ANY(${ATTRIBUTE_SNAPSHOT_TYPES}::text[]) THEN k.attribute_key ELSE k.event_key END AS key`;
export const ACTIVITY_FROM = Prisma.sql`activity a LEFT JOIN profile_key k ON k.id = a.key_id`;

export type RawActivity = {
  id: bigint;
  type: string;
  timestamp: Date;
  forgotten: boolean;
  key_id: string | null;
  sealed: Uint8Array | null;
  has_key: boolean;
  cio_id: string | null;
  profile_deleted: boolean;
  key: Uint8Array | null;
};

export type OpenedActivity = {
  id: bigint;
  type: string;
  timestamp: Date;
  // The profile it belongs to, while its key row is left (null once forgotten).
  cioId: string | null;
  isForgotten: boolean;
  isPersonDeleted: boolean;
  payload: SealedPayload;
};

const EMPTY: SealedPayload = { name: null, data: null, clientEventId: null };

export function openActivity(workspace: Pick<Workspace, "id" | "hashSecret">, row: RawActivity): OpenedActivity {
  const isForgotten = row.forgotten || (row.key_id !== null && !row.has_key);
  let payload = EMPTY;
  if (!isForgotten && row.sealed && row.key) {
    const key = unwrapKey(workspace, row.key);
    payload = (key && openSealed(key, row.sealed)) || EMPTY;
  }
  return {
    id: typeof row.id === "bigint" ? row.id : BigInt(row.id),
    type: row.type,
    timestamp: row.timestamp,
    cioId: isForgotten ? null : row.cio_id,
    isForgotten,
    isPersonDeleted: !isForgotten && row.profile_deleted,
    payload,
  };
}

