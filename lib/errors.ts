// Typed domain errors. API routes map them to status codes: ValidationError → 400,
// SuppressedIdentifierError → 409, NotFoundError → 404. Messages never contain personal data.
// Below them, what may be logged or stored of any other error: its class and a fixed message.

// Bad input: every problem found, one message each.
export class ValidationError extends Error {
  readonly errors: string[];
  constructor(errors: string | string[]) {
    const list = Array.isArray(errors) ? errors : [errors];
    super(list.join("; "));
    this.name = "ValidationError";
    this.errors = list;
  }
}

// An identify (or UI edit) named an identifier that is suppressed; nothing was written.
export class SuppressedIdentifierError extends Error {
  constructor(message = "identifier is suppressed") {
    super(message);
    this.name = "SuppressedIdentifierError";
  }
}

// A record addressed by its id (a deletion job, say) does not exist in this workspace.
export class NotFoundError extends Error {
  constructor(message = "not found") {
    super(message);
    this.name = "NotFoundError";
  }
}

// Staff confirmed a deletion that the server's own count doesn't back: the people matching the view
// changed since the dialog counted them ("changed", with how many match now), or the typed number is
// missing or wrong ("typed"). Nothing was deleted.
export class DeletionConfirmationError extends Error {
  readonly reason: "changed" | "typed";
  readonly currentCount?: number;
  constructor(reason: "changed" | "typed", message: string, currentCount?: number) {
    super(message);
    this.name = "DeletionConfirmationError";
    this.reason = reason;
    this.currentCount = currentCount;
  }
}

// Postgres SQLSTATE of an error thrown through Prisma and adapter-pg, when there is one.
export function databaseErrorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; originalCode?: unknown; meta?: Record<string, unknown>; cause?: unknown };
    if (typeof e.originalCode === "string" && /^[0-9A-Z]{5}$/.test(e.originalCode)) return e.originalCode;
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) && !e.code.startsWith("P")) return e.code;
    const meta = e.meta as { code?: unknown; driverAdapterError?: unknown } | undefined;
    if (meta && typeof meta.code === "string" && /^[0-9A-Z]{5}$/.test(meta.code)) return meta.code;
    current = meta?.driverAdapterError ?? e.cause;
  }
  const message = error instanceof Error ? error.message : "";
  return /\b(40P01|40001|23505|55P03)\b/.exec(message)?.[1];
}

// What may be logged or stored about an error: its class, a code and a fixed message chosen by that
// code. Never the error's own message, which can quote values (a row, a key, an input).
export type SafeErrorSummary = { class: string; code?: string; message: string };

// SQLSTATEs (exact, then by class prefix) and Prisma codes → a fixed description.
const DATABASE_MESSAGES: [RegExp, string][] = [
  [/^23505$|^P2002$/, "unique constraint violated"],
  [/^23503$|^P2003$/, "foreign key constraint violated"],
  [/^23502$|^P2011$/, "not-null constraint violated"],
  [/^23514$/, "check constraint violated"],
  [/^23/, "integrity constraint violated"],
  [/^22/, "invalid data for the database"],
  [/^40001$|^P2034$/, "serialization failure (concurrent update)"],
  [/^40P01$/, "deadlock detected"],
  [/^40/, "transaction rolled back"],
  [/^42/, "database query error"],
  [/^53/, "database out of resources"],
  [/^54/, "database limit exceeded"],
  [/^55P03$/, "lock not available"],
  [/^57014$/, "query cancelled (timeout)"],
  [/^57|^08|^P10/, "database unavailable"],
  [/^P0/, "database procedure raised an error"],
  [/^P2025$/, "record not found"],
  [/^P2028$/, "transaction error (timeout or closed)"],
  [/^P2/, "database query failed"],
  [/^XX/, "database internal error"],
  [/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EPIPE|EHOSTUNREACH)$/, "network error"],
];

// Domain errors whose class says enough.
const CLASS_MESSAGES: Record<string, string> = {
  ValidationError: "invalid input",
  NotFoundError: "not found",
  SuppressedIdentifierError: "identifier is suppressed",
  DeletionConfirmationError: "deletion not confirmed",
  RetryTransaction: "conflict retries exhausted",
  AuthorizationError: "not authorized",
  HttpError: "request refused",
  ZodError: "invalid input",
  SyntaxError: "malformed input",
  RangeError: "value out of range",
  TypeError: "type error",
  AbortError: "aborted",
  // Prisma's own text quotes the query's arguments (values included) and the calling source.
  PrismaClientValidationError: "invalid database query arguments",
  PrismaClientInitializationError: "database unavailable",
  PrismaClientUnknownRequestError: "database error",
  PrismaClientKnownRequestError: "database error",
  PrismaClientRustPanicError: "database client crashed",
};

function codeOf(error: unknown): string | undefined {
  const sqlState = databaseErrorCode(error);
  if (sqlState) return sqlState;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && (/^P\d{4}$/.test(code) || /^E[A-Z_]{2,30}$/.test(code))) return code;
  return undefined;
}

// The class, code and a fixed message of any thrown value, safe for logs and for staff to read.
export function safeErrorSummary(error: unknown): SafeErrorSummary {
  const name = error instanceof Error ? error.name : typeof error;
  const className = /^[A-Za-z][A-Za-z0-9_]{0,80}$/.test(name) ? name : "Error";
  const code = codeOf(error);
  const message =
    (code && DATABASE_MESSAGES.find(([pattern]) => pattern.test(code))?.[1]) ?? CLASS_MESSAGES[className] ?? "unexpected error";
  return code ? { class: className, code, message } : { class: className, message };
}

// The database can't be reached (down, restarting, refusing connections): the request changed nothing
// and may be retried, so the APIs answer 503 rather than 500.
export function isDatabaseUnavailable(error: unknown): boolean {
  const summary = safeErrorSummary(error);
  if (summary.message === "database unavailable" || summary.message === "network error") return true;
  // Prisma reports an unreachable or dropped connection as a driver adapter error of its own kind;
  // inside a transaction, adapter-pg passes pg's own error on.
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as { kind?: unknown; message?: unknown; code?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };
    if (typeof e.kind === "string" && UNAVAILABLE_KINDS.has(e.kind)) return true;
    if (e.code === undefined && typeof e.message === "string" && PG_CONNECTION_LOST.includes(e.message)) return true;
    current = e.meta?.driverAdapterError ?? e.cause;
  }
  return false;
}
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// pg's fixed texts (no SQLSTATE) for a connection the server closed: mid-query, or between the
// statements of a transaction (the server stopped, or the backend was terminated).
const PG_CONNECTION_LOST = [
  "Connection terminated unexpectedly",
  "Connection terminated",
  "Client has encountered a connection error and is not queryable",
];

// One line: "PrismaClientKnownRequestError 23505: unique constraint violated".
export function formatErrorSummary(summary: SafeErrorSummary): string {
  return `${summary.class}${summary.code ? ` ${summary.code}` : ""}: ${summary.message}`;
}

const SAFE_MESSAGES = new Set([...DATABASE_MESSAGES.map(([, message]) => message), ...Object.values(CLASS_MESSAGES), "unexpected error"]);

// Whether stored text is exactly a formatted summary (rows written before summaries, with an error's
// raw text, are not shown as they are).
export function isFormattedErrorSummary(text: string): boolean {
  const match = /^[A-Za-z][A-Za-z0-9_]{0,80}(?: (?:[0-9A-Z]{5}|P\d{4}|E[A-Z_]{2,30}))?: (.+)$/.exec(text);
  return Boolean(match && SAFE_MESSAGES.has(match[1]));
}

// Where the error was thrown (file:line frames of its stack, without the message lines above them).
function stackFrames(error: unknown, limit = 8): string[] {
  const stack = error instanceof Error && typeof error.stack === "string" ? error.stack : "";
  return stack
    .split("\n")
    .filter((line) => /^\s+at (?:async )?(?:[\w$.<>\[\] ]+ \()?(?:file:\/\/|node:|\/)[^\s()]*:\d+:\d+\)?$/.test(line))
    .slice(0, limit)
    .map((line) => line.trim());
}

// Logs a caught error for operators: context, class, code, fixed message and stack frames; never its
// message or any value it carries.
export function logError(context: string, error: unknown): void {
  const frames = stackFrames(error);
  console.error(`${context}: ${formatErrorSummary(safeErrorSummary(error))}${frames.length ? `\n    ${frames.join("\n    ")}` : ""}`);
}
