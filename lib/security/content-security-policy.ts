// The Content-Security-Policy of the app's pages, built per request around a fresh nonce by proxy.ts
// (Next reads the nonce back from the request's CSP header and puts it on its own scripts). The
// static headers for every response, and the CSP of the APIs, are in next.config.js.
//
// Scripts: only those carrying this request's nonce, and what they load ('strict-dynamic'); no
// 'unsafe-inline', and 'unsafe-eval' only in development (React's dev tooling evaluates code).
// Styles: 'unsafe-inline' on purpose. Server-rendered style attributes (the deletion progress bar,
// Radix and recharts positioning) can't carry a nonce, and sonner injects its stylesheet at run time
// without one; a nonce in style-src would also make browsers ignore 'unsafe-inline'. The risk left is
// CSS injection, which needs a markup injection point that React's escaping doesn't give, and can't
// run code; scripts, the XSS vector, stay locked to the nonce.
export const NONCE_HEADER = "x-nonce";

// A fresh 128-bit nonce, base64.
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

// The page CSP for one request.
export function pageContentSecurityPolicy({ nonce, isDevelopment = false }: { nonce: string; isDevelopment?: boolean }): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(isDevelopment ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    // Nobody may frame the app (the Delete forever dialog must not be clickjacked).
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}
