// Deterministic demo values: person n always gets the same attributes, so re-running the seed is a
// no-op and a bigger run extends a smaller one.
import type { Prisma } from "../generated/prisma/client";

const FIRST_NAMES = ["Ada", "Ben", "Chloe", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ivan", "Jana", "Kofi", "Lena", "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Vera", "Wen", "Yusuf", "Zoe"];
const LAST_NAMES = ["Andersen", "Baker", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jansen", "Kowalski", "Lopez", "Moreau", "Novak", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka", "Weber"];
const DOMAINS = ["example.com", "mail.example.org", "example.net", "corp.example.com", "example.de"];
const COUNTRIES = ["US", "DE", "GB", "FR", "BR", "IN", "JP", "NL", "ES", "CA"];
const PLANS = ["free", "free", "free", "pro", "pro", "enterprise"];

// A fast deterministic hash of (n, salt) → [0, 1).
function unit(n: number, salt: number): number {
  let x = Math.imul(n ^ (salt * 0x9e3779b1), 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return (x >>> 0) / 4294967296;
}
const pick = <T,>(list: readonly T[], n: number, salt: number): T => list[Math.floor(unit(n, salt) * list.length)];

const DAY = 86_400;
// The demo data's present: dates are spread over the three years before it, whatever today is.
export const DEMO_NOW = Date.UTC(2026, 10, 1) / 1000;
const NOW = DEMO_NOW;

export type DemoPerson = {
  id: string;
  email: string;
  unsubscribed: boolean;
  createdAt: number; // unix seconds
  updatedAt: number;
  attributes: Record<string, string | number | boolean>;
};

export function demoPerson(n: number): DemoPerson {
  const first = pick(FIRST_NAMES, n, 1);
  const last = pick(LAST_NAMES, n, 2);
  const createdAt = Math.floor(NOW - unit(n, 3) * 3 * 365 * DAY);
  const lastSeen = Math.floor(createdAt + unit(n, 4) * (NOW - createdAt));
  const unsubscribed = unit(n, 7) < 0.05;
  return {
    id: `user_${n}`,
    email: `${first.toLowerCase()}.${last.toLowerCase()}${n}@${pick(DOMAINS, n, 5)}`,
    unsubscribed,
    createdAt,
    updatedAt: lastSeen,
    attributes: {
      first_name: first,
      last_name: last,
      plan: pick(PLANS, n, 6),
      country: pick(COUNTRIES, n, 8),
      signed_up_at: createdAt,
      last_seen_at: lastSeen,
      purchase_count: Math.floor(unit(n, 9) ** 2 * 40),
      created_at: createdAt,
      unsubscribed,
    },
  };
}

type Filter = Prisma.InputJsonValue;

// Data-driven segments, in the condition format of lib/segments.
export const DEMO_SEGMENTS: { name: string; filter: Filter }[] = [
  { name: "Pro plan", filter: { and: [{ attribute: { field: "plan", operator: "eq", value: "pro" } }] } },
  { name: "Enterprise customers", filter: { and: [{ attribute: { field: "plan", operator: "eq", value: "enterprise" } }] } },
  { name: "Germany", filter: { and: [{ attribute: { field: "country", operator: "eq", value: "DE" } }] } },
  { name: "Frequent buyers", filter: { and: [{ attribute: { field: "purchase_count", operator: "gt", value: 20 } }] } },
  {
    name: "Dormant free users",
    filter: {
      and: [
        { attribute: { field: "plan", operator: "eq", value: "free" } },
        { attribute: { field: "last_seen_at", operator: "lt", value: NOW - 180 * DAY } },
      ],
    },
  },
];

export const DEMO_MANUAL_SEGMENT = {
  name: "VIP list",
  memberIds: Array.from({ length: 50 }, (_, i) => `user_${1 + i * 97}`),
};

const ESP_TYPES = ["bounces", "blocks", "spam_reports", "invalid_emails"] as const;
const REASONS: Record<(typeof ESP_TYPES)[number], { reason: string; statusCode: number | null }> = {
  bounces: { reason: "550 5.1.1 The email account that you tried to reach does not exist", statusCode: 550 },
  blocks: { reason: "554 5.7.1 Message rejected due to local policy", statusCode: 554 },
  spam_reports: { reason: "Recipient marked the message as spam", statusCode: null },
  invalid_emails: { reason: "Address failed syntax or domain validation", statusCode: null },
};

// ~200 entries across the four types over the last 90 days, most from recipients.
export function demoEspSuppressions() {
  return Array.from({ length: 200 }, (_, i) => {
    const n = 1 + i * 23;
    const type = ESP_TYPES[i % 4];
    const person = demoPerson(n);
    return {
      email: i % 5 === 0 ? `bounced${i}@${pick(DOMAINS, i, 11)}` : person.email,
      type,
      ...REASONS[type],
      origin: i % 10 === 0 ? "admin" : "recipient",
      createdAt: Math.floor(Date.now() / 1000) - Math.floor(unit(i, 12) * 90) * DAY - Math.floor(unit(i, 13) * DAY),
    };
  });
}
