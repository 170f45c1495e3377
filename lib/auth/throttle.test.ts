import { beforeAll, describe, expect, it } from "vitest";
import { getWorkspace } from "../workspace/workspace";
import { uniqueEmail, uniqueToken } from "../test/factories";
import { auth } from "./auth";
import { CLIENT_IP_HEADER, resolveClientIp, throttleKeyForIp } from "../client-ip";
import { reserveSignInAttempt, settleSignInAttempt, SIGN_IN_MAX_FAILURES, SIGN_IN_WINDOW_SECONDS } from "./throttle";
import { createUser } from "./users";

function randomIp(): string {
  const bytes = uniqueToken("").match(/../g)!.slice(0, 4).map((h) => parseInt(h, 16));
  return `10.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

async function signIn(email: string, password: string, ip: string, extra: Record<string, string> = {}) {
  try {
    await auth.api.signInEmail({ body: { email, password }, headers: new Headers({ [CLIENT_IP_HEADER]: ip, ...extra }) });
    return 200;
  } catch (error) {
    return (error as { statusCode?: number }).statusCode ?? 500;
  }
}

// Starting the database (and migrating it) is slow on a busy machine: do it under the hook timeout.
beforeAll(async () => {
  await getWorkspace();
});

describe("sign-in throttling", () => {
  it("allows five failures per account per minute, then refuses", async () => {
    const email = uniqueEmail("acct");
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      expect(await reserveSignInAttempt({ email, ip: randomIp() })).toEqual({ allowed: true });
    }
    const refused = await reserveSignInAttempt({ email, ip: randomIp() });
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBeLessThanOrEqual(SIGN_IN_WINDOW_SECONDS);
  });

  it("counts per IP across accounts", async () => {
    const ip = randomIp();
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      expect((await reserveSignInAttempt({ email: uniqueEmail(), ip })).allowed).toBe(true);
    }
    expect((await reserveSignInAttempt({ email: uniqueEmail(), ip })).allowed).toBe(false);
  });

  it("opens again when the window has passed", async () => {
    const email = uniqueEmail();
    const ip = randomIp();
    const start = Date.now();
    for (let i = 0; i <= SIGN_IN_MAX_FAILURES; i++) await reserveSignInAttempt({ email, ip }, start);
    expect((await reserveSignInAttempt({ email, ip }, start + 1_000)).allowed).toBe(false);
    expect((await reserveSignInAttempt({ email, ip }, start + SIGN_IN_WINDOW_SECONDS * 1000 + 1)).allowed).toBe(true);
  });

  it("refunds successful attempts, so only failures count", async () => {
    const email = uniqueEmail();
    const ip = randomIp();
    for (let i = 0; i < 20; i++) {
      expect((await reserveSignInAttempt({ email, ip })).allowed).toBe(true);
      await settleSignInAttempt({ email, ip });
    }
  });

  it("counts concurrent attempts exactly", async () => {
    const email = uniqueEmail();
    const results = await Promise.all(
      Array.from({ length: 12 }, () => reserveSignInAttempt({ email, ip: randomIp() })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(SIGN_IN_MAX_FAILURES);
  });

  it("applies to auth.api sign-in (the Server Action path): wrong passwords, then even the right one gets 429", async () => {
    const email = uniqueEmail("staff");
    await createUser({ email, name: "Throttled", password: "right-password-1", role: "support" });
    expect(await signIn(email, "right-password-1", randomIp())).toBe(200);
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      // A different X-Forwarded-For each time changes nothing: only the stamped header is read.
      expect(await signIn(email, "wrong-password", randomIp(), { "x-forwarded-for": randomIp() })).toBe(401);
    }
    expect(await signIn(email, "right-password-1", randomIp())).toBe(429);
  });

  it("applies to HTTP sign-in through the route handler, with 429 and Retry-After", async () => {
    const email = uniqueEmail("http");
    await createUser({ email, name: "Http", password: "right-password-1", role: "support" });
    const ip = randomIp();
    const post = (password: string) =>
      auth.handler(
        new Request(`${auth.options.baseURL}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: String(auth.options.baseURL), [CLIENT_IP_HEADER]: ip },
          body: JSON.stringify({ email, password }),
        }),
      );
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) expect((await post("wrong-password")).status).toBe(401);
    const refused = await post("right-password-1");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("client IP", () => {
  it("ignores X-Forwarded-For unless TRUST_PROXY is set", () => {
    expect(resolveClientIp("::ffff:127.0.0.1", "203.0.113.9", 0)).toBe("127.0.0.1");
    expect(resolveClientIp("10.0.0.2", "198.51.100.1, 203.0.113.9", 1)).toBe("203.0.113.9");
    expect(resolveClientIp("10.0.0.2", "garbage", 1)).toBe("10.0.0.2");
  });

  it("throttles IPv6 clients by their /64", async () => {
    expect(throttleKeyForIp("2001:db8:1:2:aaaa::1")).toBe("2001:0db8:0001:0002::/64");
    expect(throttleKeyForIp("2001:db8:1:2::ffff")).toBe(throttleKeyForIp("2001:db8:1:2:aaaa::1"));
    expect(throttleKeyForIp("::1")).toBe("0000:0000:0000:0000::/64");
    expect(throttleKeyForIp("192.0.2.1")).toBe("192.0.2.1");
    const email = uniqueEmail();
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) await reserveSignInAttempt({ email: uniqueEmail(), ip: `2001:db8:9:9::${i + 1}` });
    expect((await reserveSignInAttempt({ email, ip: "2001:db8:9:9::abcd" })).allowed).toBe(false);
  });
});
