// The demo users' password. There is no default: without DEMO_PASSWORD each data folder gets a random
// one, made when its demo users are first created, shown once and kept in a file only its owner can
// read, so that no account anywhere has a password written in public code or docs.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export type DemoPassword = {
  password: string;
  // Where the password is kept; null when it came from DEMO_PASSWORD or the database is in memory.
  file: string | null;
  fromEnv: boolean;
};

const OWNER_ONLY = 0o600;
const MIN_LENGTH = 8;

// DEMO_PASSWORD when set; otherwise the password kept in `file`, made (24 random characters) and
// written owner-only the first time. A null file (in-memory database) gets a fresh one, kept nowhere.
export function resolveDemoPassword(file: string | null, env: Record<string, string | undefined> = process.env): DemoPassword {
  if (env.DEMO_PASSWORD) return { password: env.DEMO_PASSWORD, file: null, fromEnv: true };
  if (!file) return { password: newPassword(), file: null, fromEnv: false };
  const kept = readKept(file);
  if (kept) return { password: kept, file, fromEnv: false };
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const password = newPassword();
  try {
    // "wx": never follow or overwrite a file that appeared meanwhile (another seed, or a planted link).
    writeFileSync(file, `${password}\n`, { mode: OWNER_ONLY, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const raced = readKept(file);
    if (!raced) throw error;
    return { password: raced, file, fromEnv: false };
  }
  return { password, file, fromEnv: false };
}

function newPassword(): string {
  return randomBytes(18).toString("base64url");
}

function readKept(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const password = text.trim();
  if (password.length < MIN_LENGTH) {
    throw new Error(`${file} does not hold a usable demo password: delete it to get a new one, or set DEMO_PASSWORD`);
  }
  // Whoever loosened its permissions since: owner-only again.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, OWNER_ONLY);
  return password;
}
