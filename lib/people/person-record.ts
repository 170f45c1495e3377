// Reads of one person for the person page and the access export: identifiers, attributes, unsubscribe
// state and segment memberships (activity is read apart, in lib/activity).
import "server-only";
import { db } from "../db";
import { findEspSuppressedEmails } from "../esp-suppression/queries";
import { isCioId } from "../identity/identifiers";

export type PersonDetail = {
  cioId: string;
  id: string | null;
  email: string | null;
  attributes: Record<string, unknown>;
  unsubscribed: boolean;
  createdAt: Date;
  updatedAt: Date;
  isEmailSuppressed: boolean;
  segments: { id: string; name: string; kind: "data_driven" | "manual" }[];
};

// What is stored about one person besides their activity: identifiers, attributes, unsubscribe state
// and segment memberships (by segment name, with when they joined), or null when there is no such
// person. The person page and the access export both read it.
export async function getPersonRecord({ workspaceId, cioId }: { workspaceId: string; cioId: string }) {
  if (!isCioId(cioId)) return null;
  return db.person.findFirst({
    where: { workspaceId, cioId },
    select: {
      cioId: true,
      externalId: true,
      email: true,
      emailKey: true,
      attributes: true,
      unsubscribed: true,
      createdAt: true,
      updatedAt: true,
      memberships: {
        select: { createdAt: true, segment: { select: { id: true, name: true, kind: true } } },
        orderBy: [{ segment: { name: "asc" } }, { segmentId: "asc" }],
      },
    },
  });
}

// One person with their segments and the email-suppression badge, or null when there is no such person.
export async function getPersonByCioId({ workspaceId, cioId }: { workspaceId: string; cioId: string }): Promise<PersonDetail | null> {
  const person = await getPersonRecord({ workspaceId, cioId });
  if (!person) return null;
  const suppressed = person.emailKey ? await findEspSuppressedEmails({ workspaceId, emailKeys: [person.emailKey] }) : new Set<string>();
  return {
    cioId: person.cioId,
    id: person.externalId,
    email: person.email,
    attributes: (person.attributes ?? {}) as Record<string, unknown>,
    unsubscribed: person.unsubscribed,
    createdAt: person.createdAt,
    updatedAt: person.updatedAt,
    isEmailSuppressed: person.emailKey !== null && suppressed.has(person.emailKey),
    segments: person.memberships.map((m) => m.segment),
  };
}
