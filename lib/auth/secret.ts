// The key Better Auth signs session cookies with. BETTER_AUTH_SECRET wins; without it a random
// secret is generated once and kept in .data/ (AUTH_SECRET_FILE), so a fresh `npm start` works and
// sessions survive restarts. Several hosts sharing one database must set BETTER_AUTH_SECRET.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const DEFAULT_AUTH_SECRET_FILE = ".data/auth-secret";

// Returns the configured secret, or the persisted one, creating it the first time.
export function resolveAuthSecret(): string {
  const fromEnv = process.env.BETTER_AUTH_SECRET || process.env.AUTH_SECRET;
  if (fromEnv) return fromEnv;
  const file = process.env.AUTH_SECRET_FILE
    ? path.resolve(/* turbopackIgnore: true */ process.env.AUTH_SECRET_FILE)
    : path.join(/* turbopackIgnore: true */ process.cwd(), DEFAULT_AUTH_SECRET_FILE);
  const existing = readSecret(file);
  if (existing) return existing;
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx": when two processes race, the second one fails here and reads the first one's secret.
    writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const created = readSecret(file);
  if (!created) throw new Error(`Could not read the generated auth secret in ${file}`);
  return created;
}

function readSecret(file: string): string | null {
  try {
    const value = readFileSync(file, "utf8").trim();
    return value.length >= 32 ? value : null;
  } catch {
    return null;
  }
}
