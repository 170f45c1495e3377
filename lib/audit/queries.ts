// Reading the audit log: one page of entries, newest first, filtered by action and actor, with the
// actor shown by name (staff email, API key name) rather than a bare id.
import "server-only";
import type { ActorType, Prisma } from "../generated/prisma/client";
import { db } from "../db";
import { AUDIT_ACTION_KINDS, type AuditActionKind } from "./action-kinds";

const AUDIT_PAGE_SIZE = 50;

export type AuditRow = {
  id: string;
  receiptId: string;
  action: string;
  count: number;
  actorType: ActorType;
  actorId: string | null;
  actorLabel: string;
  details: Prisma.JsonValue | null;
  createdAt: Date;
};

function receiptWhere(receipt: string | undefined): Prisma.AuditEntryWhereInput {
  if (!receipt) return {};
  return { OR: [{ receiptId: receipt }, { details: { path: ["jobReceiptId"], equals: receipt } }] };
}

function kindWhere(kind: AuditActionKind | undefined): Prisma.AuditEntryWhereInput {
  return kind ? { action: { in: [...AUDIT_ACTION_KINDS[kind]] } } : {};
}

function actorWhere(actor: string | undefined): Prisma.AuditEntryWhereInput {
  if (!actor) return {};
  if (actor === "system") return { actorType: "system" };
  const [type, ...rest] = actor.split(":");
  const id = rest.join(":");
  if ((type === "user" || type === "api_key") && id) return { actorType: type, actorId: id };
  return {};
}

async function actorLabels(pairs: { actorType: ActorType; actorId: string | null }[]): Promise<Map<string, string>> {
  const userIds = [...new Set(pairs.filter((p) => p.actorType === "user" && p.actorId).map((p) => p.actorId as string))];
  const keyIds = [...new Set(pairs.filter((p) => p.actorType === "api_key" && p.actorId).map((p) => p.actorId as string))];
  const [users, keys] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [],
    keyIds.length ? db.apiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true, name: true } }) : [],
  ]);
  const labels = new Map<string, string>();
  for (const user of users) labels.set(`user:${user.id}`, user.email);
  for (const key of keys) labels.set(`api_key:${key.id}`, `API key “${key.name}”`);
  return labels;
}

function labelOf(labels: Map<string, string>, actorType: ActorType, actorId: string | null): string {
  if (actorType === "system") return "System";
  const key = `${actorType}:${actorId}`;
  return labels.get(key) ?? (actorType === "user" ? `Deleted user (${actorId})` : `API key ${actorId}`);
}

// One page of the workspace's audit entries, newest first.
export async function findAuditEntries(options: {
  workspaceId: string;
  action?: string;
  actor?: string;
  receipt?: string;
  kind?: AuditActionKind;
  page?: number;
  pageSize?: number;
}): Promise<{ rows: AuditRow[]; total: number; page: number; pageSize: number; pageCount: number }> {
  const pageSize = options.pageSize ?? AUDIT_PAGE_SIZE;
  const where: Prisma.AuditEntryWhereInput = {
    workspaceId: options.workspaceId,
    AND: [options.action ? { action: options.action } : {}, actorWhere(options.actor), receiptWhere(options.receipt), kindWhere(options.kind)],
  };
  const total = await db.auditEntry.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const entries = await db.auditEntry.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  const labels = await actorLabels(entries);
  return {
    rows: entries.map((entry) => ({
      id: entry.id.toString(),
      receiptId: entry.receiptId,
      action: entry.action,
      count: entry.count,
      actorType: entry.actorType,
      actorId: entry.actorId,
      actorLabel: labelOf(labels, entry.actorType, entry.actorId),
      details: entry.details,
      createdAt: entry.createdAt,
    })),
    total,
    page,
    pageSize,
    pageCount,
  };
}

// The choices of the filter bar: actions and actors that occur in this workspace's log.
export async function listAuditFilterOptions(workspaceId: string): Promise<{
  actions: string[];
  actors: { value: string; label: string }[];
}> {
  const [actions, actors] = await Promise.all([
    db.auditEntry.findMany({ where: { workspaceId }, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
    db.auditEntry.findMany({ where: { workspaceId }, distinct: ["actorType", "actorId"], select: { actorType: true, actorId: true } }),
  ]);
  const labels = await actorLabels(actors);
  return {
    actions: actions.map((row) => row.action),
    actors: actors
      .map((row) => ({
        value: row.actorType === "system" ? "system" : `${row.actorType}:${row.actorId}`,
        label: labelOf(labels, row.actorType, row.actorId),
      }))
      .filter((option, index, all) => all.findIndex((o) => o.value === option.value) === index)
      .sort((a, b) => a.label.localeCompare(b.label)),
  };
}
