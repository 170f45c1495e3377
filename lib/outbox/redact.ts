// What stays of a webhook event once every delivery of it has ended: its body with each identifier
// replaced by a masked hint and its keyed hash (the suppression list's HMAC), so a receiving team can
// still match "did you get the deletion of X?" without the plaintext being kept. Computed when the
// payload is dropped (lib/webhooks/deliver.ts), not when the event is written: the deletion's
// transaction then carries only the plaintext body it must send.
// Personal data in an event body lives only under data.people (persons), data.person (one person) and
// data.identifiers (values of a kind), as lib/outbox/emit.ts writes them.
import type { Workspace } from "../generated/prisma/client";
import { hashIdentifier, maskEmail, maskId, normalizeEmail } from "../identity/identifiers";

type HashOwner = Pick<Workspace, "hashSecret">;
type Hidden = { hint: string; hash: string } | null;

// A hint and a keyed hash in place of a value.
function hidden(workspace: HashOwner, kind: "id" | "email" | "cio_id", value: unknown): Hidden {
  if (typeof value !== "string") return null;
  const hint = kind === "email" ? maskEmail(value) : maskId(value);
  return { hint, hash: hashIdentifier(workspace, kind, kind === "email" ? normalizeEmail(value) : value) };
}

function hiddenPerson(workspace: HashOwner, person: unknown) {
  const p = (person ?? {}) as { cio_id?: unknown; id?: unknown; email?: unknown };
  return { cio_id: hidden(workspace, "cio_id", p.cio_id), id: hidden(workspace, "id", p.id), email: hidden(workspace, "email", p.email) };
}

// The redacted form of a stored payload (the exact JSON body that was signed and sent).
export function redactEventBody(workspace: HashOwner, payload: string): Record<string, unknown> {
  const body = JSON.parse(payload) as { data?: Record<string, unknown> } & Record<string, unknown>;
  const data = { ...(body.data ?? {}) };
  if (Array.isArray(data.people)) data.people = data.people.map((person) => hiddenPerson(workspace, person));
  if ("person" in data) data.person = hiddenPerson(workspace, data.person);
  if (Array.isArray(data.identifiers)) {
    data.identifiers = data.identifiers.map((v: { kind?: unknown; value?: unknown }) => {
      const kind = v?.kind === "email" ? "email" : "id";
      return { kind, value: hidden(workspace, kind, v?.value) };
    });
  }
  return { ...body, data };
}
