// knip: unused files, exports, dependencies and types (`npm run knip`, zero in CI). Its Next.js,
// Vitest and Playwright plugins find the framework's entry points (app/ files, next.config.js,
// proxy.ts, instrumentation.ts, the test configs and every test); listed here is what they can't see.
import type { KnipConfig } from "knip";

const config: KnipConfig = {
  entry: [
    // Command-line tools run by npm scripts and by each other (tsx scripts/…).
    "scripts/**/*.ts",
    // Started as child processes by tests (by path, not import).
    "lib/api-keys/fixtures/verify-loop.ts",
    "lib/deletion/test-worker-process.ts",
    "lib/webhooks/test-delivery-process.ts",
    // Vitest's alias for "server-only" (vitest.config.ts).
    "lib/test/server-only-stub.ts",
  ],
  project: ["**/*.{ts,tsx,mjs,js,cjs,css}"],
  // Debian's runuser, called by the verify run's fault phase to run PostgreSQL as its user.
  ignoreBinaries: ["runuser"],
  compilers: {
    // Stylesheets: `@import "tailwindcss"` and fonts read from node_modules by url() are dependencies.
    css: (text: string) =>
      [
        ...[...text.matchAll(/@import\s+("[^"]+"|'[^']+')/g)].map((m) => `import ${m[1]};`),
        ...[...text.matchAll(/url\(["']?(?:\.\.\/)+node_modules\/([^"')]+)["']?\)/g)].map((m) => `import "${m[1]}";`),
      ].join("\n"),
  },
};

export default config;
