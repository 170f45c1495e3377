// What a webhook event keeps once delivered: every identifier a hint and its keyed hash, the rest as sent.
import { describe, expect, it } from "vitest";
import { hashIdentifier } from "../identity/identifiers";
import { redactEventBody } from "./redact";

const workspace = { hashSecret: "redact-test-secret" };

describe("[WEBHOOKS] the redacted form of a delivered event", () => {
  it("hides each person's cio_id, id and email, and keeps the receipt, actor and counts", () => {
    const body = {
      type: "person.deleted",
      timestamp: "2026-12-07T00:00:00.000Z",
      data: { receipt_id: "rcpt_x", actor: { kind: "user" }, suppressed: true, people: [{ cio_id: "abc123def", id: "cust-1042", email: "Ann.Lee@Example.org" }, { cio_id: "zz99", id: null, email: null }] },
    };
    const redacted = redactEventBody(workspace, JSON.stringify(body));
    expect(redacted).toEqual({
      type: "person.deleted",
      timestamp: body.timestamp,
      data: {
        receipt_id: "rcpt_x",
        actor: { kind: "user" },
        suppressed: true,
        people: [
          {
            cio_id: { hint: "••••ef", hash: hashIdentifier(workspace, "cio_id", "abc123def") },
            id: { hint: "••••42", hash: hashIdentifier(workspace, "id", "cust-1042") },
            email: { hint: "A•••@Example.org", hash: hashIdentifier(workspace, "email", "ann.lee@example.org") },
          },
          { cio_id: { hint: "••••", hash: hashIdentifier(workspace, "cio_id", "zz99") }, id: null, email: null },
        ],
      },
    });
    expect(JSON.stringify(redacted)).not.toMatch(/cust-1042|Ann\.Lee|abc123def/i);
  });

  it("hides the values of identifier events and the person of an export; leaves a job's counts as they are", () => {
    const identifiers = redactEventBody(workspace, JSON.stringify({ type: "identifier.suppressed", data: { identifiers: [{ kind: "email", value: "x@y.org" }, { kind: "id", value: "gone-7" }] } }));
    expect(identifiers.data).toEqual({
      identifiers: [
        { kind: "email", value: { hint: "x•••@y.org", hash: hashIdentifier(workspace, "email", "x@y.org") } },
        { kind: "id", value: { hint: "••••-7", hash: hashIdentifier(workspace, "id", "gone-7") } },
      ],
    });
    const exported = redactEventBody(workspace, JSON.stringify({ type: "person.exported", data: { person: { cio_id: "c1", id: "p-1", email: "p@q.org" } } }));
    expect(JSON.stringify(exported)).not.toMatch(/p-1|p@q\.org|"c1"/);
    const ended = { type: "deletion.completed", data: { receipt_id: "rcpt_y", deleted: 3, total: 3, source: "job" } };
    expect(redactEventBody(workspace, JSON.stringify(ended))).toEqual(ended);
  });
});
