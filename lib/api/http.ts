// The HTTP side of every API route (Track, App and staff uploads): the error envelope, body reading under the size
// limit, and the mapping of domain errors to status codes. Messages never echo personal data.
import { z } from "zod";
import { databaseErrorCode, isDatabaseUnavailable, logError, NotFoundError, SuppressedIdentifierError, ValidationError } from "../errors";
import { EMPTY_FILE_MESSAGE } from "../ui/upload-csv";

// Customer.io answers 413 above 1 MB per request.
export const MAX_BODY_BYTES = 1_000_000;

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

// An error the route answers with as-is: a status, messages for the envelope, extra headers.
export class HttpError extends Error {
  readonly status: number;
  readonly errors: string[];
  readonly headers: Record<string, string>;
  constructor(status: number, errors: string | string[], headers: Record<string, string> = {}) {
    const list = Array.isArray(errors) ? errors : [errors];
    super(list.join("; "));
    this.name = "HttpError";
    this.status = status;
    this.errors = list;
    this.headers = headers;
  }
}

// A JSON response with the API's content type; `{}` by default, which is Track's success body.
export function jsonResponse(body: unknown = {}, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers: { ...JSON_HEADERS, ...init.headers } });
}

// A Track API deletion's answer: Customer.io's body, and the receipt of its certificate of erasure.
export function receiptResponse(receiptId: string, body: unknown = {}): Response {
  return jsonResponse(body, { headers: { "x-receipt-id": receiptId } });
}

// Customer.io's error envelope: {"meta":{"errors":[…]}}.
export function errorResponse(status: number, errors: string[], headers: Record<string, string> = {}): Response {
  return jsonResponse({ meta: { errors } }, { status, headers });
}

// How a route maps a domain "not found": Track calls it bad input (400), the App API 404.
export type NotFoundStatus = 400 | 404;

// Turns anything a handler threw into the response the API promises; unexpected errors are logged
// (class and a fixed message: a database error's own text can quote the request's values) and
// answered 500 without detail.
export function errorToResponse(error: unknown, notFoundStatus: NotFoundStatus = 404): Response {
  if (error instanceof HttpError) return errorResponse(error.status, error.errors, error.headers);
  if (error instanceof ValidationError) return errorResponse(400, error.errors);
  if (error instanceof z.ZodError) return errorResponse(400, zodMessages(error));
  if (error instanceof SuppressedIdentifierError) return errorResponse(409, [error.message]);
  if (error instanceof NotFoundError) return errorResponse(notFoundStatus, [error.message]);
  // The client hung up while its body was being read: nobody is listening for the answer.
  if ((error as { code?: string } | null)?.code === "ECONNRESET") return errorResponse(400, ["request aborted"]);
  // Down or restarting: nothing was written; the client should retry (the app reconnects by itself).
  if (isDatabaseUnavailable(error)) {
    logError("[api] database unavailable", error);
    return errorResponse(503, ["database unavailable; retry later"], { "retry-after": "5" });
  }
  // A statement stopped by READ_STATEMENT_TIMEOUT_MS: the read asked for too much at once.
  if (databaseErrorCode(error) === "57014") {
    logError("[api] statement timeout", error);
    return errorResponse(503, ["the request took too long and was stopped; narrow it (a more selective filter, a smaller limit) or retry later"], { "retry-after": "5" });
  }
  logError("[api] unexpected error", error);
  return errorResponse(500, ["internal server error"]);
}

// One message per zod issue, prefixed with where it happened ("name: …"); values are never quoted.
export function zodMessages(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.map(String).join(".");
    return where ? `${where}: ${issue.message}` : issue.message;
  });
}

// Refuses a body whose declared Content-Length is over `limit` with 413, before any of it is read.
export function refuseDeclaredOver(request: Request, limit: number, message = `request body is over ${limit} bytes`): void {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, [message]);
}

// Reads the body as text, refusing more than `limit` bytes with 413 (by Content-Length when sent,
// otherwise while streaming, so an oversized body is never held whole in memory).
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const tooLarge = () => new HttpError(413, [`request body is over ${limit} bytes`]);
  refuseDeclaredOver(request, limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

// Reads and parses a JSON body of at most `limit` bytes. An empty body reads as `emptyAs` (suppress
// and delete send none).
export async function readJsonBody(request: Request, emptyAs: unknown = {}, limit = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(request, limit);
  if (text.trim() === "") return emptyAs;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, ["request body is not valid JSON"]);
  }
}

// Validates a parsed body with zod, throwing 400 with one message per problem.
export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError(400, zodMessages(result.error));
  return result.data;
}

// The body of a CSV upload from our pages, to stream into an import given the same cap: typed
// text/csv (415 otherwise; a cross-site HTML form can't send that type), refused with `tooLarge` (413)
// when its Content-Length is over `maxBytes`, before any of it is read; 400 when empty.
export function csvUploadBody(request: Request, options: { maxBytes: number; tooLarge: string }): ReadableStream<Uint8Array> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "text/csv") throw new HttpError(415, ["Send the file as the request body with content-type text/csv."]);
  refuseDeclaredOver(request, options.maxBytes, options.tooLarge);
  if (!request.body || request.headers.get("content-length") === "0") throw new HttpError(400, [EMPTY_FILE_MESSAGE]);
  return request.body;
}
