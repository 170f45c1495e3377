// The layers of the app, as /work/shared/STYLE.md ("Layers") describes them, in the same words:
//
//   One direction, with no exemptions: `app/` → `components/` → entry points (Server Actions, route
//   handlers) → features → mechanisms → `lib/db.ts`. Entry points may call any feature; a feature
//   never imports an entry point or a feature above it. When two domains need each other, the shared
//   part moves down, not sideways.
//
// Each layer may import any layer below it, never one above. What belongs to each:
//  - app/: pages, layouts, route handlers (app/**/route.ts), the framework's files;
//  - components/: React components;
//  - entry points: the Server Actions (lib/actions/, one "use server" file per domain, and the
//    pipeline every one goes through) and the route wrappers (lib/api/route.ts: trackRoute, appRoute
//    and staffRoute; lib/testing/route.ts);
//  - features: FEATURES below; they use one another one way only (no cycles between domains);
//  - mechanisms: MECHANISMS below, what the features are built from;
//  - lib/db.ts: the one Prisma client, with what it is built from (lib/database/: the embedded
//    database, its migrations and the schema engine; the generated client), importing nothing above.
// Only lib/ (and the seed and scripts/, outside the app) imports lib/db.ts. No import cycles between
// domains (the folders under lib/) or between modules. Tests and test helpers (lib/test/) set up
// state through any layer and are left out of the graph.
//
// Checked by `npm run depcruise` (CI) and lib/architecture.test.ts.

const ENTRY = "^lib/actions/|^lib/api/route\\.ts$|^lib/testing/route\\.ts$";
const FEATURES =
  "^lib/(activity|api-keys|attribute-indexes|auth|demo|erasure-requests|esp-suppression|export|imports|people|receipts|segments|testing|track-api|webhooks)/";
const MECHANISMS =
  "^lib/(api|audit|csv|deletion|identity|outbox|profile-keys|security|sql|suppression|ui|workspace)/|^lib/(app-url|client-ip|errors|random-id|text)\\.ts$";
const DB = "^lib/db\\.ts$|^lib/database/|^lib/generated/";
const ABOVE_ENTRY = "^(app|components)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "app-on-top",
      comment: "nothing imports app/: it is the top layer",
      severity: "error",
      from: { pathNot: "^app/" },
      to: { path: "^app/" },
    },
    {
      name: "entry-below-components",
      comment: "entry points (Server Actions, route wrappers) never import app/ or components/",
      severity: "error",
      from: { path: ENTRY },
      to: { path: ABOVE_ENTRY },
    },
    {
      name: "features-below-entry",
      comment: "a feature never imports an entry point, components/ or app/",
      severity: "error",
      from: { path: FEATURES, pathNot: ENTRY },
      to: { path: `${ENTRY}|${ABOVE_ENTRY}` },
    },
    {
      name: "mechanisms-below-features",
      comment: "a mechanism never imports a feature, an entry point, components/ or app/",
      severity: "error",
      from: { path: MECHANISMS, pathNot: ENTRY },
      to: { path: `${FEATURES}|${ENTRY}|${ABOVE_ENTRY}` },
    },
    {
      name: "db-at-the-bottom",
      comment: "lib/db.ts and what it is built from (lib/database/) import nothing else of the app",
      severity: "error",
      from: { path: DB },
      to: { path: "^(app|components|lib)/", pathNot: DB },
    },
    {
      name: "db-only-from-lib",
      comment: "only lib/ imports lib/db.ts (app/ and components/ read through lib functions)",
      severity: "error",
      from: { pathNot: "^(lib|scripts|prisma)/" },
      to: { path: "^lib/db\\.ts$" },
    },
    {
      name: "every-module-in-a-layer",
      comment: "a lib/ module outside every layer: add its folder to FEATURES or MECHANISMS",
      severity: "error",
      from: { path: "^lib/", pathNot: `${ENTRY}|${FEATURES}|${MECHANISMS}|${DB}` },
      to: {},
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
      comment: "no import cycles between modules",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    includeOnly: "^(app|components|lib)/",
    exclude: { path: ["\\.test\\.ts$", "^lib/test/", "^lib/generated/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
