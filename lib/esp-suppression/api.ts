// The App API's view of the email suppression list, shaped like Customer.io's ESP suppression
// endpoints: { category, suppressions: [{ email, created (unix s), reason, status }] }.
import "server-only";
import type { z } from "zod";
import type { Actor } from "../audit/record-audit";
import { HttpError } from "../api/http";
import { addEspSuppression, removeEspSuppressionByEmail } from "./mutations";
import { findEspSuppressionRows, findEspSuppressionsByEmail, type EspSuppressionRow } from "./queries";
import { espApiPagingSchema, espEmailSchema, isEspSuppressionType, type espApiBodySchema, type EspSuppressionType } from "./schemas";

function toApiEntry(row: EspSuppressionRow) {
  return {
    email: row.email,
    created: Math.floor(row.createdAt.getTime() / 1000),
    reason: row.reason ?? "",
    status: row.statusCode === null ? "" : String(row.statusCode),
  };
}

function parseEspType(value: string): EspSuppressionType {
  if (!isEspSuppressionType(value)) throw new HttpError(400, ["suppression type must be one of bounces, blocks, spam_reports, invalid_emails"]);
  return value;
}

function parseEspEmail(value: string): string {
  const parsed = espEmailSchema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((issue) => issue.message));
  return parsed.data;
}

// GET /v1/esp/suppression/:type?limit&offset
export async function listEspSuppressionsForApi(options: { workspaceId: string; type: string; searchParams: URLSearchParams }) {
  const type = parseEspType(options.type);
  const paging = espApiPagingSchema.parse({
    limit: options.searchParams.get("limit") || undefined,
    offset: options.searchParams.get("offset") || undefined,
  });
  const rows = await findEspSuppressionRows({ workspaceId: options.workspaceId, type, ...paging });
  return { category: type, suppressions: rows.map(toApiEntry) };
}

// GET /v1/esp/search_suppression/:email: every type the address is listed under ([] when none).
export async function searchEspSuppressionForApi(options: { workspaceId: string; email: string }) {
  const email = parseEspEmail(options.email);
  const rows = await findEspSuppressionsByEmail({ workspaceId: options.workspaceId, email });
  return { suppressions: rows.map((row) => ({ type: row.type, ...toApiEntry(row) })) };
}

// POST /v1/esp/suppression/:type/:email → 200 {} (also when already listed).
export async function addEspSuppressionForApi(options: {
  workspaceId: string;
  type: string;
  email: string;
  body: z.infer<typeof espApiBodySchema>;
  actor: Actor;
}) {
  const type = parseEspType(options.type);
  const email = parseEspEmail(options.email);
  await addEspSuppression({
    workspaceId: options.workspaceId,
    input: { email, type, reason: options.body.reason, statusCode: options.body.status },
    origin: "api",
    actor: options.actor,
  });
  return {};
}

// DELETE /v1/esp/suppression/:type/:email → 204, or 404 when the address isn't listed under that type.
export async function removeEspSuppressionForApi(options: { workspaceId: string; type: string; email: string; actor: Actor }) {
  const type = parseEspType(options.type);
  const email = parseEspEmail(options.email);
  const { removed } = await removeEspSuppressionByEmail({ workspaceId: options.workspaceId, type, email, actor: options.actor });
  if (!removed) throw new HttpError(404, ["email is not on the suppression list for this type"]);
  return new Response(null, { status: 204 });
}
