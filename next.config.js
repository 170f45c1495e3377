// Security headers of every response. Pages get their nonce CSP from proxy.ts; the APIs (which
// proxy.ts doesn't run for) get a CSP that allows nothing, as they serve JSON, never a document.
const SECURITY_HEADERS = [
  // Clickjacking: frame-ancestors 'none' in the CSPs, and this for browsers that only know this header.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
];
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
// Set by lib/auth/client-ip.ts at the HTTP server (TLS, or X-Forwarded-Proto via TRUST_PROXY), so a
// client can't fake it; HSTS only means something, and is only sent, over https.
const REQUEST_PROTOCOL_HEADER = "x-people-admin-proto";
const HSTS = "max-age=31536000; includeSubDomains";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Loaded from node_modules at run time rather than bundled: WebAssembly and native-ish packages.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "@prisma/schema-engine-wasm",
    "@prisma/adapter-pg",
    "pg",
  ],
  // Separate build folders let several builds (a dev checkout, an e2e run) coexist.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
      { source: "/v1/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
      { source: "/.well-known/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
      {
        source: "/:path*",
        has: [{ type: "header", key: REQUEST_PROTOCOL_HEADER, value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: HSTS }],
      },
    ];
  },
  experimental: {
    // Uploads go through streaming route handlers (app/api/imports/*). The largest action input is a
    // People selection of up to 10,000 cio_ids (~230 KB encoded) or a 50-condition filter (~200 KB).
    serverActions: { bodySizeLimit: "1mb" },
    // forbidden() and app/forbidden.tsx: a support user on an admin page or action gets a real 403.
    authInterrupts: true,
  },
};

export default nextConfig;
