// BETTER_AUTH_SECRET, when set, is at least 32 characters, or start-up refuses with a message that
// says what to do; the generated secret already is.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { authSecretProblem, MIN_AUTH_SECRET_LENGTH, resolveAuthSecret } from "./secret";

const saved = { BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET, AUTH_SECRET: process.env.AUTH_SECRET, AUTH_SECRET_FILE: process.env.AUTH_SECRET_FILE };
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("[SECURITY] BETTER_AUTH_SECRET", () => {
  it("refuses a configured secret shorter than 32 characters, naming the variable and the length", () => {
    expect(authSecretProblem({})).toBeNull();
    expect(authSecretProblem({ BETTER_AUTH_SECRET: "x".repeat(MIN_AUTH_SECRET_LENGTH) })).toBeNull();
    expect(authSecretProblem({ BETTER_AUTH_SECRET: "short" })).toMatch(/^BETTER_AUTH_SECRET is 5 characters long; it must be at least 32/);
    expect(authSecretProblem({ AUTH_SECRET: "x".repeat(31) })).toMatch(/^AUTH_SECRET is 31 characters/);
    process.env.BETTER_AUTH_SECRET = "changeme";
    expect(() => resolveAuthSecret()).toThrow(/BETTER_AUTH_SECRET is 8 characters long/);
  });

  it("generates one of at least 32 characters when none is set", () => {
    delete process.env.BETTER_AUTH_SECRET;
    delete process.env.AUTH_SECRET;
    process.env.AUTH_SECRET_FILE = path.join(mkdtempSync(path.join(tmpdir(), "auth-secret-")), "secret");
    const secret = resolveAuthSecret();
    expect(secret.length).toBeGreaterThanOrEqual(MIN_AUTH_SECRET_LENGTH);
    expect(readFileSync(process.env.AUTH_SECRET_FILE, "utf8")).toBe(secret);
    expect(authSecretProblem({ BETTER_AUTH_SECRET: secret })).toBeNull();
  });

  it("npm start refuses before building or opening anything", () => {
    const env = { ...process.env, BETTER_AUTH_SECRET: "too-short-secret", ADMIN_EMAIL: "", ADMIN_PASSWORD: "", NEXT_DIST_DIR: ".next-never-built" };
    const started = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, encoding: "utf8", timeout: 30_000 });
    expect(started.status).toBe(2);
    expect(started.stderr).toMatch(/npm start: BETTER_AUTH_SECRET is 16 characters long; it must be at least 32/);
  });
});
