// The key Better Auth signs session cookies with. BETTER_AUTH_SECRET wins; without it a random
// secret is generated once and kept in .data/ (AUTH_SECRET_FILE), so a fresh `npm start` works and
// sessions survive restarts. Several hosts sharing one database must set BETTER_AUTH_SECRET.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const DEFAULT_AUTH_SECRET_FILE = ".data/auth-secret";
// The generated secret is 32 random bytes (43 characters); a configured one must not be weaker than
// 32 characters, or a session cookie's signature and the signing keys' encryption could be guessed.
export const MIN_AUTH_SECRET_LENGTH = 32;

// Why the configured secret can't be used (set but shorter than MIN_AUTH_SECRET_LENGTH), or null.
// Start-up refuses on it: `npm start` before anything, `next start` in instrumentation.ts.
export function authSecretProblem(env: Record<string, string | undefined>): string | null {
  const name = env.BETTER_AUTH_SECRET ? "BETTER_AUTH_SECRET" : env.AUTH_SECRET ? "AUTH_SECRET" : null;
  if (!name) return null;
  const length = env[name]!.length;
  if (length >= MIN_AUTH_SECRET_LENGTH) return null;
  return `${name} is ${length} characters long; it must be at least ${MIN_AUTH_SECRET_LENGTH} (e.g. \`openssl rand -base64 32\`), or unset it to use a generated one.`;
}

// A plain `next start` with a short secret refuses to serve, as `npm start` does (instrumentation.ts;
// here, in a module only the Node.js runtime loads, so the edge build of that file has no process.exit).
export function exitOnAuthSecretProblem(): void {
  const problem = authSecretProblem(process.env);
  if (!problem) return;
  console.error(`startup: ${problem}`);
  process.exit(1);
}

// Returns the configured secret, or the persisted one, creating it the first time. Throws when the
// configured one is too short.
export function resolveAuthSecret(): string {
  const problem = authSecretProblem(process.env);
  if (problem) throw new Error(problem);
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
    return value.length >= MIN_AUTH_SECRET_LENGTH ? value : null;
  } catch {
    return null;
  }
}
