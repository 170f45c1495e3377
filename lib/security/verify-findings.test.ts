// Regressions for what `npm run verify`'s hostile corpus found, called in-process as Next calls the
// route handlers: each answered a 500 (or accepted what it must refuse) before its fix.
import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../api-keys/api-keys";
import { db } from "../db";
import type { Workspace } from "../generated/prisma/client";
import { createTestWorkspace } from "../test/factories";
import * as importsRoute from "../../app/api/v1/imports/route";
import * as importErrorsRoute from "../../app/api/v1/imports/[id]/errors/route";

let workspace: Workspace;
let trackAuth: string;

beforeAll(async () => {
  workspace = await createTestWorkspace("id");
  const track = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "verify findings", actor: { type: "system" } });
  trackAuth = `Basic ${Buffer.from(`${track.siteId}:${track.secret}`).toString("base64")}`;
});

async function answer(response: Response) {
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as { meta?: { errors?: string[] } } };
}

describe("hostile input found by verify", () => {
  it("GET /api/v1/imports/:id/errors answers 404 for an id with a NUL or other bytes PostgreSQL can't store", async () => {
    for (const id of ["\u0000", "imp_\u0000", "\ufffd(", "x".repeat(5000)]) {
      const request = new Request("http://localhost/api/v1/imports/x/errors", { headers: { authorization: trackAuth } });
      const { status, body } = await answer(await importErrorsRoute.GET(request, { params: Promise.resolve({ id }) }));
      expect(status, JSON.stringify(id).slice(0, 20)).toBe(404);
      expect(body.meta?.errors).toEqual(["import not found"]);
    }
  });

  it("POST /api/v1/imports refuses an empty body with 400 and records no import", async () => {
    const before = await db.personImport.count({ where: { workspaceId: workspace.id } });
    const request = new Request("http://localhost/api/v1/imports", {
      method: "POST",
      headers: { authorization: trackAuth, "content-type": "text/csv", "content-length": "0" },
      body: "",
    });
    const { status, body } = await answer(await importsRoute.POST(request, { params: Promise.resolve({}) }));
    expect(status).toBe(400);
    expect(body.meta?.errors).toEqual(["the CSV body is empty"]);
    expect(await db.personImport.count({ where: { workspaceId: workspace.id } })).toBe(before);
  });
});
