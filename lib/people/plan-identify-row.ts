// The rules of identify for one row, planned against the batch's state: which person it names,
// the identifiers they end with, and the person created or the changes made.
import { SuppressedIdentifierError, ValidationError } from "../errors";
import { maskEmail, maskId, newCioId, normalizeEmail, type IdentifierKind, type ParsedIdentifier } from "../identity/identifiers";
import { RetryTransaction } from "../identity/retry-transaction";
import { MAX_ATTRIBUTES, type AttributeValue, type ParsedAttributes } from "./attributes";
import type { BatchState } from "./identify-batch-state";
import { claimKey, namedIdentifiers, type Named, type PersonRow } from "./read-identify-snapshot";

type Change = { from: unknown; to: unknown };
// The identifiers the person should end with.
type NextIdentifiers = { nextId: string | null; nextEmail: string | null; nextEmailKey: string | null };

// Activity keeps identifiers only as masked hints: an earlier person's history (kept after a plain
// delete) must not reveal an id or email that is suppressed later.
function maskOrNull(value: string | null, mask: (value: string) => string): string | null {
  return value === null ? null : mask(value);
}

const emailIsIdentifierIn = (state: BatchState) => state.workspace.identificationMode === "email_or_id";
const idHash = (state: BatchState, value: string) => state.hash("id", value);
const emailHash = (state: BatchState, value: string) => state.hash("email", normalizeEmail(value));

// The rules of identify for one row, against the batch's state; throws before changing the state.
export function planRow(state: BatchState, target: ParsedIdentifier, input: ParsedAttributes): { cioId: string | null; created: boolean } {
  const named = namedIdentifiers(state.workspace, state.hash, target, input);
  const claimOf = (n: Named) => state.claims.get(claimKey(n.kind, n.hash));
  if (named.some((n) => claimOf(n)?.suppressionId)) throw new SuppressedIdentifierError();
  const person = findPerson(state, target, named);
  const next = nextIdentifiers(state, target, input, person);
  if (!person) {
    if (input.update) return { cioId: null, created: false };
    return createPerson(state, input, next);
  }
  return updatePerson(state, target, input, person, next);
}

// The person a row names: by cio_id, or the holder of the identifier it names first (none: a new one).
function findPerson(state: BatchState, target: ParsedIdentifier, named: Named[]): PersonRow | null {
  let person: PersonRow | null = null;
  if (target.kind === "cio_id") {
    person = state.people.get(target.cioId) ?? null;
    if (!person) throw new ValidationError("unknown cio_ identifier");
  } else {
    const holder = state.claims.get(claimKey(named[0].kind, named[0].hash))?.cioId;
    if (holder) {
      person = state.people.get(holder) ?? null;
      // Deleted or suppressed since we read the claim: look again.
      if (!person) throw new RetryTransaction("person vanished");
    }
  }
  return person;
}

// The identifiers the person should end with, refused when the row may not give them.
function nextIdentifiers(state: BatchState, target: ParsedIdentifier, input: ParsedAttributes, person: PersonRow | null): NextIdentifiers {
  const emailIsIdentifier = emailIsIdentifierIn(state);
  const bodyEmail = input.email;
  if (target.kind === "id" && input.id !== undefined && input.id !== target.value && (!person || person.externalId !== null)) {
    throw new ValidationError("to change a person's id, address them as cio_<cio_id>");
  }
  if (target.kind === "email" && bodyEmail !== undefined && (bodyEmail === null || normalizeEmail(bodyEmail) !== target.key)) {
    throw new ValidationError("to change a person's email, address them as cio_<cio_id>");
  }
  const nextId = input.id ?? (target.kind === "id" ? target.value : (person?.externalId ?? null));
  const nextEmail = bodyEmail !== undefined ? bodyEmail : target.kind === "email" ? (person?.email ?? target.value) : (person?.email ?? null);
  const nextEmailKey = nextEmail === null ? null : normalizeEmail(nextEmail);

  // Identifiers held by someone else can't be taken.
  const ownedByOther = (kind: IdentifierKind, hash: string) => {
    const claim = state.claims.get(claimKey(kind, hash));
    return claim?.cioId != null && claim.cioId !== person?.cioId;
  };
  if (nextId !== null && (!person || nextId !== person.externalId) && ownedByOther("id", idHash(state, nextId))) {
    throw new ValidationError("that id belongs to another person");
  }
  if (emailIsIdentifier && nextEmailKey !== null && (!person || nextEmailKey !== person.emailKey) && ownedByOther("email", emailHash(state, nextEmailKey))) {
    throw new ValidationError("that email belongs to another person");
  }
  if (nextId === null && (!emailIsIdentifier || nextEmailKey === null)) {
    throw new ValidationError("a person needs an id" + (emailIsIdentifier ? " or an email" : ""));
  }
  return { nextId, nextEmail, nextEmailKey };
}

// A new person with the row's attributes (nulls dropped) and identifiers, and their profile_created.
function createPerson(state: BatchState, input: ParsedAttributes, { nextId, nextEmail, nextEmailKey }: NextIdentifiers): { cioId: string; created: true } {
  const emailIsIdentifier = emailIsIdentifierIn(state);
  const attributes: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(input.attributes)) if (value !== null) attributes[key] = value;
  const cioId = newCioId();
  const initial: Record<string, unknown> = { ...attributes };
  if (nextId !== null) initial.id = maskId(nextId);
  if (nextEmail !== null) initial.email = maskEmail(nextEmail);
  if (input.unsubscribed !== undefined) initial.unsubscribed = input.unsubscribed;
  state.people.set(cioId, {
    cioId,
    externalId: nextId,
    email: nextEmail,
    emailKey: nextEmailKey,
    attributes,
    unsubscribed: input.unsubscribed ?? false,
    createdAt: input.createdAt ?? new Date(),
  });
  if (nextId !== null) state.take("id", idHash(state, nextId), cioId);
  if (emailIsIdentifier && nextEmailKey !== null) state.take("email", emailHash(state, nextEmailKey), cioId);
  state.created.add(cioId);
  state.activities.push({ cioId, type: "profile_created", data: { attributes: initial } });
  return { cioId, created: true };
}

// The changes a row makes to an existing person (none: nothing to write), applied to the state with
// their attribute_change; an id or email changes only through cio_.
function updatePerson(
  state: BatchState,
  target: ParsedIdentifier,
  input: ParsedAttributes,
  person: PersonRow,
  { nextId, nextEmail, nextEmailKey }: NextIdentifiers,
): { cioId: string; created: false } {
  const emailIsIdentifier = emailIsIdentifierIn(state);
  const isCio = target.kind === "cio_id";
  const changes: Record<string, Change> = {};
  if (nextId !== person.externalId) {
    if (person.externalId !== null && !isCio) throw new ValidationError("to change a person's id, address them as cio_<cio_id>");
    changes.id = { from: maskOrNull(person.externalId, maskId), to: maskOrNull(nextId, maskId) };
  }
  if (nextEmailKey !== person.emailKey && emailIsIdentifier && person.emailKey !== null && !isCio) {
    throw new ValidationError("to change a person's email, address them as cio_<cio_id>");
  }
  if (nextEmail !== person.email) changes.email = { from: maskOrNull(person.email, maskEmail), to: maskOrNull(nextEmail, maskEmail) };
  const attributes: Record<string, AttributeValue> = { ...person.attributes };
  for (const [key, value] of Object.entries(input.attributes)) {
    const before = attributes[key] ?? null;
    if (value === null) delete attributes[key];
    else attributes[key] = value;
    if (before !== value) changes[key] = { from: before, to: value };
  }
  if (Object.keys(attributes).length > MAX_ATTRIBUTES) throw new ValidationError(`at most ${MAX_ATTRIBUTES} attributes`);
  if (input.unsubscribed !== undefined && input.unsubscribed !== person.unsubscribed) {
    changes.unsubscribed = { from: person.unsubscribed, to: input.unsubscribed };
  }
  if (input.createdAt && input.createdAt.getTime() !== person.createdAt.getTime()) {
    changes.created_at = { from: Math.floor(person.createdAt.getTime() / 1000), to: Math.floor(input.createdAt.getTime() / 1000) };
  }
  if (!Object.keys(changes).length) return { cioId: person.cioId, created: false };

  if (nextId !== person.externalId) {
    if (person.externalId !== null) state.release("id", idHash(state, person.externalId), person.cioId);
    if (nextId !== null) state.take("id", idHash(state, nextId), person.cioId);
  }
  if (emailIsIdentifier && nextEmailKey !== person.emailKey) {
    if (person.emailKey !== null) state.release("email", emailHash(state, person.emailKey), person.cioId);
    if (nextEmailKey !== null) state.take("email", emailHash(state, nextEmailKey), person.cioId);
  }
  state.people.set(person.cioId, {
    ...person,
    externalId: nextId,
    email: nextEmail,
    emailKey: nextEmailKey,
    attributes,
    unsubscribed: input.unsubscribed ?? person.unsubscribed,
    createdAt: input.createdAt ?? person.createdAt,
  });
  if (!state.created.has(person.cioId)) state.updated.add(person.cioId);
  state.activities.push({ cioId: person.cioId, type: "attribute_change", data: { changes } });
  return { cioId: person.cioId, created: false };
}
