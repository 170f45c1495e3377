// The bytes a certificate's signature covers: RFC 8785 (JSON Canonicalization Scheme) serialization,
// so that whoever re-serializes the parsed document (another language, a pretty-printer) signs and
// verifies the same bytes.
import canonicalize from "canonicalize";

// The canonical JSON text of a JSON value; throws on what JSON can't carry (undefined, NaN, cycles).
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("not a JSON value");
  return text;
}
