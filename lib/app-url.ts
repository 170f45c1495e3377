// The app's public origin, from configuration: BETTER_AUTH_URL (the one URL setting the README asks
// an operator for), else http://localhost:PORT as started. Never read from a request's Host or
// X-Forwarded-Host, which any client can set.
export function configuredAppOrigin(): string {
  const configured = process.env.BETTER_AUTH_URL;
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // An invalid BETTER_AUTH_URL fails loudly in Better Auth itself; documents fall back to localhost.
    }
  }
  return `http://localhost:${process.env.PORT ?? "3000"}`;
}
