// Reads of the email suppression list. Built for a million rows per workspace: every list shape has
// an index that yields its first page directly, offsets are skipped inside an index (deferred join),
// and counts are exact only up to COUNT_CAP; past it they are the planner's estimate, so no page view
// ever counts a million rows.
import "server-only";
import { countCapped, type CappedCount } from "../sql/count-capped";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { normalizeEmail } from "../identity/identifiers";
import { ESP_PAGE_SIZE, ESP_SUPPRESSION_TYPES, type EspSuppressionOrigin, type EspSuppressionType } from "./schemas";


export type EspSuppressionRow = {
  id: string;
  email: string;
  type: EspSuppressionType;
  reason: string | null;
  statusCode: number | null;
  origin: EspSuppressionOrigin;
  createdAt: Date;
};

export type Count = CappedCount;

export type EspFilter = { workspaceId: string; type?: EspSuppressionType; search?: string };

// "@example.com" searches a domain; anything else is the start of an email address.
type EspSearch = { kind: "domain"; domain: string } | { kind: "prefix"; prefix: string };

function parseEspSearch(search: string | undefined): EspSearch | null {
  const value = search?.trim().toLowerCase();
  if (!value) return null;
  if (value.startsWith("@")) {
    const domain = value.slice(1);
    return domain ? { kind: "domain", domain } : null;
  }
  return { kind: "prefix", prefix: value };
}

// The WHERE clause shared by the list, its count and the export. A prefix is a range over the
// text_pattern_ops index (works in generic plans too), with LIKE kept for exactness.
export function espFilterSql({ workspaceId, type, search }: EspFilter): Prisma.Sql {
  const parts = [Prisma.sql`workspace_id = ${workspaceId}`];
  if (type) parts.push(Prisma.sql`type = ${type}::"EspSuppressionType"`);
  const parsed = parseEspSearch(search);
  if (parsed?.kind === "domain") parts.push(Prisma.sql`domain = ${parsed.domain}`);
  if (parsed?.kind === "prefix") {
    const like = `${parsed.prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(
      Prisma.sql`email_key ~>=~ ${parsed.prefix} AND email_key ~<~ ${`${parsed.prefix}\u{10FFFF}`} AND email_key LIKE ${like}`,
    );
  }
  return Prisma.join(parts, " AND ");
}

type RawRow = {
  id: bigint;
  email: string;
  type: EspSuppressionType;
  reason: string | null;
  status_code: number | null;
  origin: EspSuppressionOrigin;
  created_at: Date;
};

function toRow(raw: RawRow): EspSuppressionRow {
  return {
    id: raw.id.toString(),
    email: raw.email,
    type: raw.type,
    reason: raw.reason,
    statusCode: raw.status_code,
    origin: raw.origin,
    createdAt: raw.created_at,
  };
}

// Newest first. The inner query walks only an index to skip `offset` entries; the outer one reads
// just the rows of the page.
export async function findEspSuppressionRows(filter: EspFilter & { limit: number; offset: number }): Promise<EspSuppressionRow[]> {
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT e.id, e.email, e.type::text AS type, e.reason, e.status_code, e.origin::text AS origin, e.created_at
    FROM esp_suppression e
    JOIN (
      SELECT id FROM esp_suppression WHERE ${espFilterSql(filter)}
      ORDER BY created_at DESC, id
      LIMIT ${filter.limit} OFFSET ${filter.offset}
    ) page USING (id)
    ORDER BY e.created_at DESC, e.id`;
  return rows.map(toRow);
}

// Exact up to COUNT_CAP, an estimate (never below the cap) past it.
export async function countEspSuppressions(filter: EspFilter): Promise<Count> {
  return countCapped(Prisma.sql`esp_suppression WHERE ${espFilterSql(filter)}`);
}

// One page of the admin list (page is 1-based), with its total.
export async function findEspSuppressions(
  options: EspFilter & { page?: number; pageSize?: number },
): Promise<{ rows: EspSuppressionRow[]; total: Count; page: number; pageSize: number }> {
  const pageSize = options.pageSize ?? ESP_PAGE_SIZE;
  const page = Math.max(1, options.page ?? 1);
  const [rows, total] = await Promise.all([
    findEspSuppressionRows({ ...options, limit: pageSize, offset: (page - 1) * pageSize }),
    countEspSuppressions(options),
  ]);
  return { rows, total, page, pageSize };
}

// Entries per type for the tabs, and their sum as "all". Each type's count stops at COUNT_CAP.
export async function countEspSuppressionsByType({
  workspaceId,
}: {
  workspaceId: string;
}): Promise<Record<EspSuppressionType | "all", Count>> {
  const counts = await Promise.all(ESP_SUPPRESSION_TYPES.map((type) => countEspSuppressions({ workspaceId, type })));
  const result = {} as Record<EspSuppressionType | "all", Count>;
  let sum = 0;
  let isExact = true;
  ESP_SUPPRESSION_TYPES.forEach((type, index) => {
    result[type] = counts[index];
    sum += counts[index].count;
    isExact &&= counts[index].isExact;
  });
  result.all = { count: sum, isExact };
  return result;
}

// Which of these emails are on the list (any type): the People table and person page badge.
export async function findEspSuppressedEmails({
  workspaceId,
  emailKeys,
}: {
  workspaceId: string;
  emailKeys: string[];
}): Promise<Set<string>> {
  const keys = [...new Set(emailKeys.filter(Boolean).map(normalizeEmail))];
  if (keys.length === 0) return new Set();
  const rows = await db.$queryRaw<{ email_key: string }[]>`
    SELECT DISTINCT email_key FROM esp_suppression WHERE workspace_id = ${workspaceId} AND email_key = ANY(${keys}::text[])`;
  return new Set(rows.map((row) => row.email_key));
}

// Every entry for one address, across types (App API search_suppression).
export async function findEspSuppressionsByEmail({ workspaceId, email }: { workspaceId: string; email: string }) {
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT id, email, type::text AS type, reason, status_code, origin::text AS origin, created_at
    FROM esp_suppression WHERE workspace_id = ${workspaceId} AND email_key = ${normalizeEmail(email)}
    ORDER BY created_at DESC, id`;
  return rows.map(toRow);
}

export type EspDailyCount = { day: string } & Record<EspSuppressionType, number>;

// The chart's counts are cached per workspace for a minute (changes made in this process clear it):
// the chart doesn't need to be live, and each reading scans 90 days of index entries.
const DAILY_CACHE_MS = 60_000;
const dailyCache = new Map<string, { at: number; data: EspDailyCount[] }>();

export function forgetEspDailyCounts(workspaceId: string): void {
  dailyCache.delete(workspaceId);
}

// New entries per UTC day for the last `days` days (oldest first, zero-filled), per type. One range
// scan per type over the (workspace, type, created_at) index, index-only after vacuum.
export async function findEspSuppressionDailyCounts({
  workspaceId,
  days = 90,
  now = new Date(),
  isCached = true,
}: {
  workspaceId: string;
  days?: number;
  now?: Date;
  isCached?: boolean;
}): Promise<EspDailyCount[]> {
  const key = `${workspaceId}:${days}`;
  const cached = isCached ? dailyCache.get(key) : undefined;
  if (cached && Date.now() - cached.at < DAILY_CACHE_MS) return cached.data;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * 86_400_000);
  const rows = await db.$queryRaw<{ day: Date; type: EspSuppressionType; n: number }[]>`
    SELECT t::text AS type, d.day, d.n
    FROM unnest(enum_range(NULL::"EspSuppressionType")) AS t
    CROSS JOIN LATERAL (
      SELECT date_trunc('day', created_at) AS day, count(*)::int AS n
      FROM esp_suppression
      WHERE workspace_id = ${workspaceId} AND type = t AND created_at >= ${since.toISOString()}::timestamp
      GROUP BY 1
    ) d`;
  const byDay = new Map<string, EspDailyCount>();
  for (let i = 0; i < days; i++) {
    const day = new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    byDay.set(day, { day, bounces: 0, blocks: 0, spam_reports: 0, invalid_emails: 0 });
  }
  for (const row of rows) {
    const entry = byDay.get(row.day.toISOString().slice(0, 10));
    if (entry) entry[row.type] = row.n;
  }
  const data = [...byDay.values()];
  if (dailyCache.size > 100) dailyCache.clear();
  dailyCache.set(key, { at: Date.now(), data });
  return data;
}
