// Import boundaries of lib/ (checked by lib/architecture.test.ts; run by hand with
// `npx depcruise lib --config .dependency-cruiser.cjs`).
//
// The rules:
//  1. lib/people never imports lib/deletion or lib/suppression. People are read and identified there;
//     deleting them (and suppressing their identifiers) is a layer above: action → deletion →
//     suppression / identity claims → database.
//  2. No import cycles between lib/ domains (the folders directly under lib/): a domain that imports
//     another must not be imported back by it, directly or through others.
//  3. No import cycles between modules either.
// Server Actions (lib/**/actions.ts) are the entry layer that calls the domains, and tests set up
// state through any domain, so both are left out of the graph (options.exclude).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "people-not-above-deletion",
      comment: "lib/people must not import lib/deletion or lib/suppression (deletion and suppression build on people, not the reverse)",
      severity: "error",
      from: { path: "^lib/people/" },
      to: { path: "^lib/(deletion|suppression)/" },
    },
    {
      name: "no-domain-cycles",
      comment: "no import cycles between the domains under lib/",
      severity: "error",
      scope: "folder",
      from: { path: "^lib/[^/]+" },
      to: { circular: true },
    },
    {
      name: "no-module-cycles",
      comment: "no import cycles between modules of lib/",
      severity: "error",
      from: { path: "^lib/" },
      to: { circular: true },
    },
  ],
  options: {
    includeOnly: "^lib/",
    exclude: { path: ["(^|/)actions\\.ts$", "\\.test\\.ts$", "^lib/generated/", "^lib/test/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
