// What PostgreSQL can store as text or jsonb. Client-safe.

// False for a string with a NUL character or half of a UTF-16 surrogate pair: PostgreSQL refuses the
// first in text and jsonb and the second in jsonb, so such a value fails in the database (a 500)
// unless it is refused as bad input first.
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && value.isWellFormed();
}

export const UNSTORABLE_TEXT = "must not contain NUL characters or unpaired surrogates";

// Ids here (cio_ids; job, import, segment, key and user ids) are far shorter than this.
export const MAX_ID_LENGTH = 100;

// Whether a value from a caller (a URL, a form, a body) can be one of our ids at all: a non-empty
// string of at most MAX_ID_LENGTH storable characters. Anything else is not found (or invalid input)
// before a query that the database would fail on (a 500).
export function isPossibleId(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_ID_LENGTH && isStorableText(value);
}
