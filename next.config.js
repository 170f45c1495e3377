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
  experimental: {
    serverActions: { bodySizeLimit: "50mb" },
    // forbidden() and app/forbidden.tsx: a support user on an admin page or action gets a real 403.
    authInterrupts: true,
  },
};

export default nextConfig;
