// Input schemas for the sign-in form and the users page.
import { z } from "zod";

export const INVALID_CREDENTIALS_MESSAGE = "Invalid email or password";

export const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(320),
  password: z.string().min(1, "Enter your password.").max(512),
  next: z.string().optional(),
});

export const roleSchema = z.enum(["admin", "support"], { message: "Choose a role." });

export const createUserSchema = z.object({
  name: z.string().trim().max(120, "Use at most 120 characters.").optional().default(""),
  email: z.email({ message: "Enter a valid email address." }).max(320),
  password: z.string().min(8, "Use at least 8 characters.").max(256, "Use at most 256 characters."),
  role: roleSchema,
});

export const userIdSchema = z.object({ userId: z.string().min(1).max(100) });
export const setRoleSchema = userIdSchema.extend({ role: roleSchema });

// Only same-site paths: "/people?x=1" yes; "//evil.example", "https://…", "/\\evil" no.
export function safeNextPath(next: string | null | undefined, fallback = "/people"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  if (next.startsWith("/login") || next.startsWith("/api/")) return fallback;
  return next;
}
