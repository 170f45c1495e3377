// Identifiers: how a raw value names a person (cio_<cio_id>, id or email), their normalized forms,
// keyed hashes and masked hints. Suppressions and identifier claims store only the hashes.
import { createHmac } from "node:crypto";
import { ValidationError } from "../errors";
import { randomHexId } from "../random-id";
import { isStorableText, UNSTORABLE_TEXT } from "../text";
import type { Workspace } from "../generated/prisma/client";

export type IdentifierKind = "id" | "email";

export type ParsedIdentifier =
  | { kind: "cio_id"; cioId: string }
  | { kind: "id"; value: string }
  | { kind: "email"; value: string; key: string };

export const MAX_IDENTIFIER_BYTES = 150;
const CIO_PREFIX = "cio_";
const CIO_ID_PATTERN = /^[0-9a-f]{20}$/;
const WHITESPACE = /\s/;

type ModeHolder = Pick<Workspace, "identificationMode">;

export function byteLength(value: string): number {
  return Buffer.byteLength(value, "utf8");
}

// The matching key of an email: trimmed and lower-cased (the original is kept for display).
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Deliberately loose: one @ with something before it, no whitespace, a domain that doesn't start with
// a dot and has a dot after its first character with something after that. Providers reject the rest.
// Accepts exactly what /^[^\s@]+@[^\s@.][^\s@]*\.[^\s@]+$/ did, in linear time: that pattern
// backtracked quadratically (seconds for 40,000 characters).
export function isEmail(value: string): boolean {
  const email = value.trim();
  const at = email.indexOf("@");
  if (at <= 0 || email.indexOf("@", at + 1) !== -1 || WHITESPACE.test(email)) return false;
  const domain = email.slice(at + 1);
  const dot = domain.indexOf(".", 1);
  return domain.length > 0 && domain[0] !== "." && dot !== -1 && dot < domain.length - 1;
}

// A new person's cio_id: 20 random lowercase hex characters, never reused.
export function newCioId(): string {
  return randomHexId();
}

export function isCioId(value: string): boolean {
  return CIO_ID_PATTERN.test(value);
}

// Checks the size (and storable-text) rules shared by every identifier value; returns the problems found.
export function identifierValueErrors(label: string, value: string): string[] {
  if (value.length === 0 || value.trim().length === 0) return [`${label} must not be empty`];
  if (byteLength(value) > MAX_IDENTIFIER_BYTES) return [`${label} must be at most ${MAX_IDENTIFIER_BYTES} bytes`];
  if (!isStorableText(value)) return [`${label} ${UNSTORABLE_TEXT}`];
  return [];
}

// Reads an identifier from an API path or a form: cio_<cio_id>, else (email_or_id mode only) an
// email when it looks like one, else an id. Throws ValidationError on empty, over-long or bad values.
export function parseIdentifier(workspace: ModeHolder, raw: string): ParsedIdentifier {
  if (typeof raw !== "string") throw new ValidationError("identifier must be a string");
  const errors = identifierValueErrors("identifier", raw);
  if (errors.length) throw new ValidationError(errors);
  if (raw.startsWith(CIO_PREFIX)) {
    const cioId = raw.slice(CIO_PREFIX.length);
    if (!isCioId(cioId)) throw new ValidationError("unknown cio_ identifier");
    return { kind: "cio_id", cioId };
  }
  if (workspace.identificationMode === "email_or_id" && isEmail(raw)) {
    return { kind: "email", value: raw.trim(), key: normalizeEmail(raw) };
  }
  return { kind: "id", value: raw };
}

// HMAC-SHA-256 of kind + ":" + normalized value under the workspace's secret, hex. The only form in
// which a suppressed identifier is stored (and an exported person's cio_id is audited).
export function hashIdentifier(
  workspace: Pick<Workspace, "hashSecret">,
  kind: IdentifierKind | "cio_id",
  normalizedValue: string,
): string {
  return createHmac("sha256", workspace.hashSecret).update(`${kind}:${normalizedValue}`).digest("hex");
}

// "john@example.com" → "j•••@example.com": enough for staff to recognise, not to recover.
export function maskEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf("@");
  if (at <= 0) return "•••";
  return `${Array.from(trimmed)[0]}•••${trimmed.slice(at)}`;
}

// "customer-1042" → "••••42"; values of four characters or fewer reveal nothing.
export function maskId(id: string): string {
  const chars = Array.from(id);
  return chars.length > 4 ? `••••${chars.slice(-2).join("")}` : "••••";
}
