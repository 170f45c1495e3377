// The event key each identifier's events are sealed under, as this process last saw it: identify
// primes it for the people it creates, an event that missed learns it. A hint only: an event's insert
// checks that the person still holds that key row (cio_ids and key rows are never reused), so a stale
// hint costs one more statement, never a wrong key. Bounded; the oldest hint goes first.
import type { IdentifierKind } from "../identity/identifiers";

type EventKeyHint = { keyId: string; key: Buffer };

const HINTS_SIZE = 50_000;
const hints = ((globalThis as { __peopleAdminEventKeyHints?: Map<string, EventKeyHint> }).__peopleAdminEventKeyHints ??= new Map<string, EventKeyHint>());

// How an event names its person: an identifier's keyed hash…
export function identifierHintName(workspaceId: string, kind: IdentifierKind, hash: string): string {
  return `${workspaceId}:${kind}:${hash}`;
}

// …or cio_<cio_id>.
export function cioHintName(workspaceId: string, cioId: string): string {
  return `${workspaceId}:cio:${cioId}`;
}

export function eventKeyHint(name: string): EventKeyHint | null {
  return hints.get(name) ?? null;
}

export function rememberEventKey(name: string, hint: EventKeyHint): void {
  if (hints.size >= HINTS_SIZE && !hints.has(name)) hints.delete(hints.keys().next().value as string);
  hints.set(name, hint);
}
