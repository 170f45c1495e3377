// Access export (GDPR access / portability): everything held about one living person as one JSON
// document, streamed: identifiers, attributes, unsubscribe state, segment memberships, deliverability
// entries for their email, then every activity with its data, paged by keyset so that a person with
// 100,000 activities is never held in memory at once. Audited (who, when, receipt; no values).
import "server-only";
import { newReceiptId, recordAudit, type Actor } from "../audit/record-audit";
import { readPersonActivityOldestFirst, type ActivityPosition } from "../activity/person-activity";
import { db } from "../db";
import { NotFoundError, SuppressedIdentifierError } from "../errors";
import type { Workspace } from "../generated/prisma/client";
import { getPersonRecord } from "../people/person-record";
import { isSuppressed } from "../suppression/suppress";
import { findPersonByIdentifier, type IdType } from "../track-api/customers";
import { hashIdentifier, maskEmail, maskId, normalizeEmail } from "../identity/identifiers";
import { emitPersonExported } from "../outbox/emit";

const EXPORT_TYPE = "personal_data_export";
const ACTIVITY_PAGE_SIZE = 1_000;

const SUPPRESSED_MESSAGE = "this identifier is suppressed: its person was deleted and nothing is held about them to export";

export type PersonExport = { receiptId: string; fileName: string; body: ReadableStream<Uint8Array> };

// Everything but the activity: small, read at once.
async function personHeader(workspace: Workspace, cioId: string) {
  const person = await getPersonRecord({ workspaceId: workspace.id, cioId });
  if (!person) return null;
  const deliverability = person.emailKey
    ? await db.espSuppression.findMany({
        where: { workspaceId: workspace.id, emailKey: person.emailKey },
        select: { type: true, reason: true, statusCode: true, origin: true, createdAt: true },
        orderBy: { createdAt: "asc" },
      })
    : [];
  return {
    person: {
      cio_id: person.cioId,
      id: person.externalId,
      email: person.email,
      attributes: person.attributes,
      unsubscribed: person.unsubscribed,
      created_at: person.createdAt.toISOString(),
      updated_at: person.updatedAt.toISOString(),
    },
    segments: person.memberships.map((m) => ({ id: m.segment.id, name: m.segment.name, kind: m.segment.kind, joined_at: m.createdAt.toISOString() })),
    email_suppressions: deliverability.map((e) => ({
      type: e.type,
      reason: e.reason,
      status_code: e.statusCode,
      origin: e.origin,
      created_at: e.createdAt.toISOString(),
    })),
  };
}

// The document's bytes: the header object with its closing brace opened to take "activities".
function exportStream(workspace: Workspace, cioId: string, head: object, pageSize: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: ActivityPosition | null = null;
  let stage: "head" | "activities" | "done" = "head";
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === "head") {
        const text = JSON.stringify(head);
        controller.enqueue(encoder.encode(`${text.slice(0, -1)},"activities":[`));
        stage = "activities";
        return;
      }
      if (stage === "done") return;
      const rows = await readPersonActivityOldestFirst({ workspace, cioId, after: cursor, take: pageSize });
      if (rows.length) {
        const items = rows.map((a) =>
          JSON.stringify({
            id: a.id.toString(),
            type: a.type,
            name: a.payload.name,
            data: a.payload.data,
            event_id: a.payload.clientEventId,
            forgotten: a.isForgotten,
            timestamp: a.timestamp.toISOString(),
          }),
        );
        controller.enqueue(encoder.encode(`${first ? "" : ","}${items.join(",")}`));
        first = false;
        const last = rows[rows.length - 1];
        cursor = { timestamp: last.timestamp, id: last.id };
      }
      if (rows.length < pageSize) {
        controller.enqueue(encoder.encode("]}"));
        controller.close();
        stage = "done";
      }
    },
  });
}

// Whose data an export held, as the audit log may keep it: a masked hint and a keyed hash of each of
// the person's identifiers (the suppression list's HMAC, so a look-up by value finds the entry), never
// the values. cio_id is hashed too: it links the entry to the person's activity, which outlives them.
function exportedPersonOf(workspace: Workspace, person: { cio_id: string; id: string | null; email: string | null }) {
  const identifiers = [{ kind: "cio_id", hint: maskId(person.cio_id), keyedHash: hashIdentifier(workspace, "cio_id", person.cio_id) }];
  if (person.id !== null) identifiers.push({ kind: "id", hint: maskId(person.id), keyedHash: hashIdentifier(workspace, "id", person.id) });
  if (person.email !== null) {
    identifiers.push({ kind: "email", hint: maskEmail(person.email), keyedHash: hashIdentifier(workspace, "email", normalizeEmail(person.email)) });
  }
  return identifiers;
}

// Starts the export of a living person (by cio_id): audits it, then hands back the document as a
// stream. A deleted person has nothing to export: NotFoundError.
export async function exportPersonData(options: {
  workspace: Workspace;
  cioId: string;
  actor: Actor;
  via: "staff" | "api";
  pageSize?: number;
}): Promise<PersonExport> {
  const { workspace, cioId } = options;
  const header = await personHeader(workspace, cioId);
  if (!header) throw new NotFoundError("no such person: deleted people have nothing to export");
  const exportedAt = new Date();
  const receiptId = newReceiptId();
  // The audit entry and the person.exported event (lib/outbox) commit together.
  await db.$transaction(async (tx) => {
    await recordAudit({
      tx,
      workspaceId: workspace.id,
      actor: options.actor,
      action: "person.export",
      count: 1,
      details: { via: options.via, person: exportedPersonOf(workspace, header.person) },
      receiptId,
    });
    const { cio_id: cioId, id, email } = header.person;
    await emitPersonExported(tx, { workspace, person: { cioId, externalId: id, email }, actor: options.actor, receiptId });
  });
  const head = {
    type: EXPORT_TYPE,
    version: 1,
    receiptId,
    exportedAt: exportedAt.toISOString(),
    workspace: { id: workspace.id, name: workspace.name },
    ...header,
  };
  return { receiptId, fileName: `personal-data-${cioId}-${receiptId}.json`, body: exportStream(workspace, cioId, head, options.pageSize ?? ACTIVITY_PAGE_SIZE) };
}

// The API's export by identifier: a suppressed identifier is refused (409) — its person is gone —
// and nobody matching is 404.
export async function exportPersonDataByIdentifier(options: {
  workspace: Workspace;
  identifier: string;
  idType?: IdType;
  actor: Actor;
}): Promise<PersonExport> {
  const person = await findPersonByIdentifier(options.workspace, options.identifier, options.idType);
  if (!person) {
    if ((await isSuppressed({ workspace: options.workspace, value: options.identifier })).suppressed) throw new SuppressedIdentifierError(SUPPRESSED_MESSAGE);
    throw new NotFoundError("customer not found");
  }
  return exportPersonData({ workspace: options.workspace, cioId: person.cioId, actor: options.actor, via: "api" });
}

// The HTTP answer for an export: the streamed document as a download.
export function exportResponse(result: PersonExport): Response {
  return new Response(result.body, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${result.fileName}"`,
      "cache-control": "no-store",
      "x-receipt-id": result.receiptId,
    },
  });
}
