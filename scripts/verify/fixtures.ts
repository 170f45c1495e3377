// The callers the checks need, made through the app's own lib (users, keys) and its HTTP sign-in:
// an admin (ADMIN_EMAIL at server start), a support user, a deactivated user whose session cookie was
// issued before deactivation, revoked keys of both kinds. Runs in this process on the run's database.
import { randomBytes } from "node:crypto";
import { type Credentials, request } from "./context";

export type Callers = {
  adminCookie: string;
  supportCookie: string;
  deactivatedCookie: string;
  revokedTrack: { siteId: string; secret: string };
  revokedApp: string;
  workspaceId: string;
  supportEmail: string;
  supportPassword: string;
};

const PASSWORD = () => randomBytes(18).toString("base64url");

// Signs in over HTTP as a browser would (Better Auth's endpoint, our origin) → the session cookie.
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const response = await request({
    base,
    method: "POST",
    path: "/api/auth/sign-in/email",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ email, password }),
  });
  const setCookie = ([] as string[]).concat(response.headers["set-cookie"] ?? []).join("\n");
  const token = /((?:__Secure-)?better-auth\.session_token=[^;]+)/.exec(setCookie)?.[1];
  if (response.status !== 200 || !token) throw new Error(`sign-in of ${email} answered ${response.status}`);
  return token;
}

export async function makeCallers(base: string, credentials: Credentials): Promise<Callers> {
  const { createUser, deactivateUser } = await import("../../lib/auth/users");
  const { createApiKey, revokeApiKey } = await import("../../lib/api-keys/api-keys");
  const { getWorkspace } = await import("../../lib/workspace/workspace");
  const workspace = await getWorkspace();
  const system = { type: "system" as const };

  const supportEmail = `verify-support-${randomBytes(3).toString("hex")}@example.test`;
  const supportPassword = PASSWORD();
  await createUser({ email: supportEmail, name: "Verify support", password: supportPassword, role: "support" });
  const goneEmail = `verify-gone-${randomBytes(3).toString("hex")}@example.test`;
  const gonePassword = PASSWORD();
  const gone = await createUser({ email: goneEmail, name: "Verify deactivated", password: gonePassword, role: "admin" });

  const adminCookie = await signIn(base, credentials.adminEmail, credentials.adminPassword);
  const supportCookie = await signIn(base, supportEmail, supportPassword);
  const deactivatedCookie = await signIn(base, goneEmail, gonePassword);
  await deactivateUser({ userId: gone.id, actor: system });

  // Revoked before any server has seen them, so no process's key cache can still hold them.
  const track = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "verify revoked track", actor: system });
  await revokeApiKey({ workspaceId: workspace.id, id: track.apiKey.id, actor: system });
  const app = await createApiKey({ workspaceId: workspace.id, kind: "app", name: "verify revoked app", actor: system });
  await revokeApiKey({ workspaceId: workspace.id, id: app.apiKey.id, actor: system });

  return {
    adminCookie,
    supportCookie,
    deactivatedCookie,
    revokedTrack: { siteId: track.siteId!, secret: track.secret },
    revokedApp: app.secret,
    workspaceId: workspace.id,
    supportEmail,
    supportPassword,
  };
}
