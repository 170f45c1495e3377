// Changes to the email suppression list. Each change that alters rows writes one audit entry (counts
// and types only, never the addresses).
import "server-only";
import { db } from "../db";
import { recordAudit, type Actor } from "../audit/record-audit";
import { ValidationError } from "../errors";
import { normalizeEmail } from "../identity/identifiers";
import { forgetEspDailyCounts } from "./queries";
import { addEspSuppressionSchema, type AddEspSuppressionInput, type EspSuppressionOrigin, type EspSuppressionType } from "./schemas";

export type EspEntry = { email: string; type: EspSuppressionType; reason?: string; statusCode?: number };

// The domain of a normalized email: what "@example.com" searches match.
function emailDomain(emailKey: string): string {
  return emailKey.slice(emailKey.lastIndexOf("@") + 1);
}

// Inserts entries that are not on the list yet (same type and address); returns how many were new.
export async function insertEspEntries({
  workspaceId,
  entries,
  origin,
}: {
  workspaceId: string;
  entries: EspEntry[];
  origin: EspSuppressionOrigin;
}): Promise<number> {
  if (entries.length === 0) return 0;
  const keys = entries.map((entry) => normalizeEmail(entry.email));
  forgetEspDailyCounts(workspaceId);
  return db.$executeRaw`
    INSERT INTO esp_suppression (workspace_id, email, email_key, domain, type, reason, status_code, origin)
    SELECT ${workspaceId}, e, k, d, t::"EspSuppressionType", r, s, ${origin}::"EspSuppressionOrigin"
    FROM unnest(${entries.map((entry) => entry.email.trim())}::text[], ${keys}::text[], ${keys.map(emailDomain)}::text[],
                ${entries.map((entry) => entry.type)}::text[], ${entries.map((entry) => entry.reason ?? null)}::text[],
                ${entries.map((entry) => entry.statusCode ?? null)}::int[]) AS x(e, k, d, t, r, s)
    ON CONFLICT (workspace_id, type, email_key) DO NOTHING`;
}

// Adds one address under one type. Adding an address that is already listed under that type changes
// nothing and is not an error (`isNew: false`). Throws ValidationError on a bad email or type.
export async function addEspSuppression(options: {
  workspaceId: string;
  input: AddEspSuppressionInput;
  origin: EspSuppressionOrigin;
  actor: Actor;
}): Promise<{ isNew: boolean; receiptId: string | null }> {
  const parsed = addEspSuppressionSchema.safeParse(options.input);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((issue) => issue.message));
  forgetEspDailyCounts(options.workspaceId);
  return db.$transaction(async (tx) => {
    const keys = normalizeEmail(parsed.data.email);
    const inserted = await tx.$executeRaw`
      INSERT INTO esp_suppression (workspace_id, email, email_key, domain, type, reason, status_code, origin)
      VALUES (${options.workspaceId}, ${parsed.data.email}, ${keys}, ${emailDomain(keys)}, ${parsed.data.type}::"EspSuppressionType",
              ${parsed.data.reason ?? null}, ${parsed.data.statusCode ?? null}::int, ${options.origin}::"EspSuppressionOrigin")
      ON CONFLICT (workspace_id, type, email_key) DO NOTHING`;
    if (inserted === 0) return { isNew: false, receiptId: null };
    const receiptId = await recordAudit({
      workspaceId: options.workspaceId,
      actor: options.actor,
      action: "esp_suppression.add",
      count: 1,
      details: { type: parsed.data.type, origin: options.origin },
      tx,
    });
    return { isNew: true, receiptId };
  });
}

// Removes entries by id (the admin list's selection); ids of other workspaces are ignored.
export async function removeEspSuppressions(options: {
  workspaceId: string;
  ids: string[];
  actor: Actor;
}): Promise<{ removed: number; receiptId: string | null }> {
  const ids = [...new Set(options.ids)].filter((id) => /^\d{1,19}$/.test(id));
  if (ids.length === 0) return { removed: 0, receiptId: null };
  forgetEspDailyCounts(options.workspaceId);
  return db.$transaction(async (tx) => {
    const removed = await tx.$executeRaw`
      DELETE FROM esp_suppression WHERE workspace_id = ${options.workspaceId} AND id = ANY(${ids}::bigint[])`;
    if (removed === 0) return { removed, receiptId: null };
    const receiptId = await recordAudit({
      workspaceId: options.workspaceId,
      actor: options.actor,
      action: "esp_suppression.remove",
      count: removed,
      tx,
    });
    return { removed, receiptId };
  });
}

// Removes one address from one type (App API DELETE); `removed: false` when it wasn't listed.
export async function removeEspSuppressionByEmail(options: {
  workspaceId: string;
  type: EspSuppressionType;
  email: string;
  actor: Actor;
}): Promise<{ removed: boolean; receiptId: string | null }> {
  forgetEspDailyCounts(options.workspaceId);
  return db.$transaction(async (tx) => {
    const removed = await tx.$executeRaw`
      DELETE FROM esp_suppression
      WHERE workspace_id = ${options.workspaceId} AND type = ${options.type}::"EspSuppressionType" AND email_key = ${normalizeEmail(options.email)}`;
    if (removed === 0) return { removed: false, receiptId: null };
    const receiptId = await recordAudit({
      workspaceId: options.workspaceId,
      actor: options.actor,
      action: "esp_suppression.remove",
      count: removed,
      details: { type: options.type },
      tx,
    });
    return { removed: true, receiptId };
  });
}
