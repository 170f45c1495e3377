// What PostgreSQL can store as text or jsonb. Client-safe.

// False for a string with a NUL character or half of a UTF-16 surrogate pair: PostgreSQL refuses the
// first in text and jsonb and the second in jsonb, so such a value fails in the database (a 500)
// unless it is refused as bad input first.
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && value.isWellFormed();
}

export const UNSTORABLE_TEXT = "must not contain NUL characters or unpaired surrogates";
