// Audit entries: who (user or API key), what, how many, when, and a receipt id. Never personal data
// of the people acted on: callers pass counts and non-identifying details only.
import { randomBytes } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import { db, type Tx } from "../db";

export type Actor =
  | { type: "user"; id: string }
  | { type: "api_key"; id: string }
  | { type: "system"; id?: null };

export type AuditAction =
  | "people.delete"
  | "people.delete_and_suppress"
  | "identifier.suppress"
  | "identifier.unsuppress"
  | "deletion_job.create"
  | "deletion_job.cancel"
  | "deletion_job.resume"
  | "demo.seed"
  | "esp_suppression.add"
  | "esp_suppression.remove"
  | "esp_suppression.import"
  | "workspace.update"
  | "workspace.switch_identification_mode"
  | "api_key.create"
  | "api_key.revoke"
  | "user.create"
  | "user.update_role"
  | "user.deactivate"
  | "user.reactivate"
  | "people.import"
  | "test_data.reset"
  | "person.export"
  | "esp_suppression.export"
  | "suppression.export"
  | "signing_key.rotate"
  | "signing_key.revoke"
  | "signing_key.replace_undecryptable"
  | "attribute_index.add"
  | "attribute_index.remove"
  | "webhook_endpoint.create"
  | "webhook_endpoint.update"
  | "webhook_endpoint.delete"
  | "webhook_endpoint.rotate_secret"
  | "webhook_endpoint.test"
  | "webhook_delivery.resend";

// A short, unguessable id that support staff can quote: "rcpt_" + 20 base32 chars.
export function newReceiptId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  const bytes = randomBytes(20);
  let id = "";
  for (const byte of bytes) id += alphabet[byte & 31];
  return `rcpt_${id}`;
}

// Writes one audit entry, inside the caller's transaction when given, and returns its receipt id.
export async function recordAudit(options: {
  workspaceId: string;
  actor: Actor;
  action: AuditAction;
  count?: number;
  details?: Prisma.InputJsonValue;
  receiptId?: string;
  tx?: Tx;
}): Promise<string> {
  const receiptId = options.receiptId ?? newReceiptId();
  await (options.tx ?? db).auditEntry.create({
    data: {
      workspaceId: options.workspaceId,
      receiptId,
      actorType: options.actor.type,
      actorId: options.actor.id ?? null,
      action: options.action,
      count: options.count ?? 0,
      details: options.details,
    },
  });
  return receiptId;
}
