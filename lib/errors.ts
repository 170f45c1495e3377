// Typed domain errors. API routes map them to status codes: ValidationError → 400,
// SuppressedIdentifierError → 409, NotFoundError → 404. Messages never contain personal data.

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
