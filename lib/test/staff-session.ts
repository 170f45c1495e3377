// Signed-in staff for tests of the routes that the app's pages call with a session cookie (see
// lib/api/route.ts's staffRoute, which reads the session from the request itself).
import { auth } from "../auth/auth";
import { CLIENT_IP_HEADER } from "../client-ip";
import { createUser } from "../auth/users";
import { uniqueEmail } from "./factories";

const PASSWORD = "staff-session-test-password";

// A new staff member of `role`, signed in: the Cookie header value of their session.
export async function signedInStaff(role: "admin" | "support"): Promise<string> {
  const email = uniqueEmail(role);
  await createUser({ email, name: `Test ${role}`, password: PASSWORD, role });
  const { headers } = await auth.api.signInEmail({
    body: { email, password: PASSWORD },
    headers: new Headers({ [CLIENT_IP_HEADER]: "10.9.9.10" }),
    returnHeaders: true,
  });
  const setCookie = headers.get("set-cookie") ?? "";
  const token = /((?:__Secure-)?better-auth\.session_token=[^;]+)/.exec(setCookie)?.[1];
  if (!token) throw new Error("no session cookie in the sign-in answer");
  return token;
}

// The origin the app's own pages post from (Better Auth's base URL).
export async function appOrigin(): Promise<string> {
  return new URL((await auth.$context).baseURL).origin;
}

// A body of `size` bytes sent as a stream (no Content-Length, like a chunked upload): `head`, then
// newlines up to `size`, then `tail`, made as it is read so the test never holds it whole.
export function streamedBody(head: string, size: number, tail = ""): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunk = new Uint8Array(1 << 20).fill(10);
  let sent = 0;
  let stage: "head" | "padding" | "tail" = "head";
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stage === "head") {
        const bytes = encoder.encode(head);
        sent += bytes.byteLength;
        controller.enqueue(bytes);
        stage = "padding";
      } else if (stage === "padding" && sent < size) {
        const part = chunk.subarray(0, Math.min(chunk.byteLength, size - sent));
        sent += part.byteLength;
        controller.enqueue(part);
      } else if (stage !== "tail" && tail) {
        controller.enqueue(encoder.encode(tail));
        stage = "tail";
      } else {
        controller.close();
      }
    },
  });
}
