// The Better Auth instance: email + password on the Prisma adapter, roles from the admin plugin,
// sign-in throttling in the database, Secure cookies for https requests, cookies set from Server
// Actions via nextCookies (last plugin).
import { betterAuth, type BetterAuthPlugin } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins/admin";
import { adminAc, userAc } from "better-auth/plugins/admin/access";
import { db } from "../db";
import { CLIENT_IP_HEADER, clientIpFrom, isHttpsRequest } from "./client-ip";
import { resolveAuthSecret } from "./secret";
import { reserveSignInAttempt, settleSignInAttempt, TOO_MANY_ATTEMPTS_MESSAGE } from "./throttle";

export type Role = "admin" | "support";

const SIGN_IN_PATH = "/sign-in/email";

// The app is reached as http://localhost:PORT and http://127.0.0.1:PORT; both must pass the
// origin check, whichever BETTER_AUTH_URL names.
function appOrigins(): { baseURL: string; trustedOrigins: string[] } {
  const port = process.env.PORT ?? "3000";
  const baseURL = process.env.BETTER_AUTH_URL || `http://localhost:${port}`;
  const origins = new Set<string>([`http://localhost:${port}`, `http://127.0.0.1:${port}`]);
  try {
    const url = new URL(baseURL);
    origins.add(url.origin);
    if (url.hostname === "localhost") origins.add(`${url.protocol}//127.0.0.1${url.port ? `:${url.port}` : ""}`);
    if (url.hostname === "127.0.0.1") origins.add(`${url.protocol}//localhost${url.port ? `:${url.port}` : ""}`);
  } catch {
    // An invalid BETTER_AUTH_URL fails loudly in Better Auth itself.
  }
  for (const extra of (process.env.TRUSTED_ORIGINS ?? "").split(",")) if (extra.trim()) origins.add(extra.trim());
  return { baseURL, trustedOrigins: [...origins] };
}

const { baseURL, trustedOrigins } = appOrigins();

function attemptOf(ctx: { body?: unknown; headers?: Headers; request?: Request }) {
  const body = (ctx.body ?? {}) as { email?: unknown };
  return {
    email: typeof body.email === "string" ? body.email : "",
    ip: clientIpFrom(ctx.headers ?? ctx.request?.headers),
  };
}

// Adds the Secure attribute to every Set-Cookie that lacks it.
function markCookiesSecure(headers: Headers): void {
  const cookies = headers.getSetCookie();
  if (!cookies.length) return;
  headers.delete("set-cookie");
  for (const cookie of cookies) headers.append("set-cookie", /;\s*secure\s*(;|$)/i.test(cookie) ? cookie : `${cookie}; Secure`);
}

// Better Auth decides `Secure` once, from BETTER_AUTH_URL; behind a TLS-terminating proxy
// (TRUST_PROXY) or with several origins that is too little. This marks the cookies of each response
// Secure when its request came over https (REQUEST_PROTOCOL_HEADER, stamped at the HTTP server). The
// cookie names stay the same either way, so a session works whichever way it was set. It must come
// before nextCookies, which copies these headers into Next's cookie store for Server Actions.
function secureCookiesOverHttps(): BetterAuthPlugin {
  return {
    id: "secure-cookies-over-https",
    hooks: {
      after: [
        {
          matcher: () => true,
          handler: createAuthMiddleware((ctx) => {
            if (isHttpsRequest(ctx.headers ?? ctx.request?.headers)) {
              const headers = ctx.context.responseHeaders;
              if (headers instanceof Headers) markCookiesSecure(headers);
            }
            return Promise.resolve();
          }),
        },
      ],
    },
  };
}

export const auth = betterAuth({
  appName: "People admin",
  baseURL,
  trustedOrigins,
  secret: resolveAuthSecret(),
  database: prismaAdapter(db, { provider: "postgresql" }),
  emailAndPassword: {
    enabled: true,
    // Staff accounts are created by admins (lib/auth/users.ts), never by signing up.
    disableSignUp: true,
    minPasswordLength: 8,
  },
  user: {
    // Role changes and deactivation go through lib/auth/users.ts (audited), not the admin HTTP API.
    changeEmail: { enabled: false },
  },
  advanced: {
    // Stamped at the HTTP server from the socket (or a trusted proxy): see client-ip.ts.
    ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
  },
  rateLimit: {
    enabled: true,
    storage: "database",
    modelName: "rateLimit",
    window: 60,
    max: 100,
    customRules: {
      // Failed sign-ins are throttled per account and IP by the hooks below; this is only a
      // coarse guard against floods of requests of any kind.
      [SIGN_IN_PATH]: { window: 60, max: 60 },
    },
  },
  hooks: {
    before: createAuthMiddleware(async (ctx) => {
      if (ctx.path !== SIGN_IN_PATH) return;
      const decision = await reserveSignInAttempt(attemptOf(ctx));
      if (!decision.allowed) {
        throw new APIError(
          "TOO_MANY_REQUESTS",
          { message: TOO_MANY_ATTEMPTS_MESSAGE, code: "TOO_MANY_ATTEMPTS" },
          { "Retry-After": String(decision.retryAfterSeconds) },
        );
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      if (ctx.path !== SIGN_IN_PATH) return;
      // A failed attempt keeps the failure it reserved; a session means it succeeded.
      if (ctx.context.newSession) await settleSignInAttempt(attemptOf(ctx));
    }),
  },
  plugins: [
    admin({
      defaultRole: "support",
      adminRoles: ["admin"],
      roles: { admin: adminAc, support: userAc },
      bannedUserMessage: "This account has been deactivated.",
    }),
    secureCookiesOverHttps(),
    nextCookies(),
  ],
});

