// Regressions for what `npm run verify`'s hostile corpus found, called in-process as Next calls the
// route handlers: each answered a 500 (or accepted what it must refuse) before its fix.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { config as proxyConfig, proxy } from "@/proxy";

// The routes below load lib/auth/guard; in a shared worker, every file that does must hand it the same
// next/headers (see lib/test/request-headers.ts).
vi.mock("next/headers", async () => (await import("../test/request-headers")).nextHeadersMock());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
import { createApiKey } from "../api-keys/api-keys";
import { db } from "../db";
import type { Workspace } from "../generated/prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { cancelDeletionJob } from "../deletion/cancel";
import { getDeletionJob } from "../deletion/progress";
import { NotFoundError } from "../errors";
import { createTestWorkspace } from "../test/factories";
import { errorToResponse } from "../api/http";
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

describe("API paths that don't decode", () => {
  const BAD = ["/api/v1/customers/%C3%28", "/api/v1/customers/%zz/suppress", "/api/v1/customers/%ED%A0%80/events", "/v1/customers/%FF%FE/attributes", "/v1/esp/suppression/bounces/%E0%A4%A", "/api/v1/imports/%C3/errors"];

  it("reach the proxy (its second matcher) only when they hold a percent sign", () => {
    const matchers = proxyConfig.matcher.map((source) => new RegExp(`^${source}$`));
    for (const path of BAD) expect(matchers.some((m) => m.test(path)), path).toBe(true);
    for (const path of ["/api/v1/customers/x", "/api/v1/customers/x/events", "/v1/customers", "/api/v1/imports", "/api/health"]) {
      expect(matchers.some((m) => m.test(path)), path).toBe(false);
    }
  });

  it("are refused by the proxy with 400 and the error envelope (Next's router answered a bare 500)", async () => {
    for (const path of BAD) {
      const response = proxy(new NextRequest(`http://localhost:3000${path}`, { method: "PUT" }));
      expect(response.status, path).toBe(400);
      expect(await response.json()).toEqual({ meta: { errors: ["the path is not valid percent-encoded UTF-8"] } });
    }
  });

  it("pass on when they decode (an email's %40, an encoded space)", () => {
    for (const path of ["/api/v1/customers/a%40b.test", "/v1/customers/a%20b/attributes"]) {
      const response = proxy(new NextRequest(`http://localhost:3000${path}`));
      expect(response.headers.get("x-middleware-next"), path).toBe("1");
    }
  });
});

describe("the database unavailable", () => {
  it("is a 503 with the error envelope and Retry-After, not a 500 (PostgreSQL stopped during load)", async () => {
    // A real error of the app's own client stack: Prisma over adapter-pg, nothing listening.
    const unreachable = new PrismaClient({ adapter: new PrismaPg({ connectionString: "postgresql://postgres@127.0.0.1:1/none", connectionTimeoutMillis: 2000 }) });
    let error: unknown;
    try {
      await unreachable.$queryRaw`SELECT 1`;
    } catch (caught) {
      error = caught;
    } finally {
      await unreachable.$disconnect().catch(() => undefined);
    }
    expect(error).toBeDefined();
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = errorToResponse(error);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await response.json()).toEqual({ meta: { errors: ["database unavailable; retry later"] } });
      // A server shutting down mid-query (SQLSTATE 57P01) is the same.
      expect(errorToResponse(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })).status).toBe(503);
    } finally {
      log.mockRestore();
    }
  });
});

describe("deletion job ids from callers", () => {
  it("anything that isn't a job id is not found (a NUL reached the database: 500 from the progress and cancel actions)", async () => {
    for (const jobId of ["\u0000", "job_\u0000", null, 42, ["job_x"], "x".repeat(5000)] as unknown as string[]) {
      await expect(getDeletionJob({ workspace, jobId })).rejects.toBeInstanceOf(NotFoundError);
      await expect(cancelDeletionJob({ workspace, jobId, actor: { type: "system" } })).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});
