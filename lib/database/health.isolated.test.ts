// /api/health when the database can't be reached: 503 {"ok":false}, nothing of the database's error
// (its host, user or database name) in the answer. A process of its own: the database URL is bad.
import { describe, expect, it, vi } from "vitest";

const SECRET_USER = "health_secret_user";
process.env.DATABASE_URL = `postgresql://${SECRET_USER}:hunter2@127.0.0.1:1/health_secret_db`;
delete process.env.PGLITE_DIR;

const { GET } = await import("../../app/api/health/route");

describe("[HEALTH] /api/health", () => {
  it("answers 503 with {ok:false} and no error text when the database is down, logging only a safe line", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await GET();
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ ok: false });
      expect(response.headers.get("cache-control")).toBe("no-store");
      const logged = log.mock.calls.flat().map(String).join("\n");
      expect(logged).toMatch(/^health: database unavailable: \w+/);
      expect(logged).not.toMatch(/health_secret|hunter2|127\.0\.0\.1/);
    } finally {
      log.mockRestore();
    }
  });
});
