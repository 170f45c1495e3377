// Input schemas for the sign-in form and the users page.
import { z } from "zod";
import { isPossibleId } from "../text";

export const INVALID_CREDENTIALS_MESSAGE = "Invalid email or password";

export const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(320),
  password: z.string().min(1, "Enter your password.").max(512),
  next: z.string().optional(),
});

const roleSchema = z.enum(["admin", "support"], { message: "Choose a role." });

export const createUserSchema = z.object({
  name: z.string().trim().max(120, "Use at most 120 characters.").optional().default(""),
  email: z.email({ message: "Enter a valid email address." }).max(320),
  password: z.string().min(8, "Use at least 8 characters.").max(256, "Use at most 256 characters."),
  role: roleSchema,
});

// What is wrong with ADMIN_EMAIL / ADMIN_PASSWORD, by the rules of a new user (the email check is the
// one Better Auth applies at sign-in); null when both are fine or both unset.
export function envAdminProblem(env: Record<string, string | undefined>): string | null {
  const email = env.ADMIN_EMAIL?.trim();
  const password = env.ADMIN_PASSWORD;
  if (!email && !password) return null;
  if (!email || !password) return "Set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither.";
  const parsed = createUserSchema.pick({ email: true, password: true }).safeParse({ email, password });
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `${issue.path[0] === "password" ? "ADMIN_PASSWORD" : "ADMIN_EMAIL"}: ${issue.message}`;
}

export const userIdSchema = z.object({ userId: z.string().refine(isPossibleId) });
export const setRoleSchema = userIdSchema.extend({ role: roleSchema });

// Only same-site paths: "/people?x=1" yes; "//evil.example", "https://…", "/\\evil" no.
export function safeNextPath(next: string | null | undefined, fallback = "/people"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  if (next.startsWith("/login") || next.startsWith("/api/")) return fallback;
  return next;
}
