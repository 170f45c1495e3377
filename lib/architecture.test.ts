// The layers (.dependency-cruiser.cjs, written there as in STYLE.md) hold for the code as it is, and
// the check really fails on a violation: it is run on small trees that break each rule.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..");
const CONFIG = path.join(ROOT, ".dependency-cruiser.cjs");
const CRUISER = path.join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");

async function cruise(cwd: string): Promise<{ ok: boolean; output: string }> {
  const roots = ["app", "components", "lib"].filter((dir) => existsSync(path.join(cwd, dir)));
  try {
    const { stdout } = await run(process.execPath, [CRUISER, ...roots, "--config", CONFIG, "--output-type", "err"], { cwd });
    return { ok: true, output: stdout };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

const trees: string[] = [];
// A throw-away tree: { "lib/people/a.ts": "import … from '../deletion/b'" , … } plus a tsconfig.
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "arch-"));
  trees.push(dir);
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler" } }));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}
afterAll(() => trees.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("[ARCH] import boundaries", () => {
  it("the code keeps them: app → components → entry points → features → mechanisms → lib/db.ts, no cycles", async () => {
    const result = await cruise(ROOT);
    expect(result.output).toContain("no dependency violations found");
    expect(result.ok).toBe(true);
  }, 120_000);

  it("fails when a mechanism imports a feature (deletion is below people)", async () => {
    const result = await cruise(
      tree({
        "lib/deletion/start.ts": 'import { rule } from "../people/rules";\nexport const x = rule;\n',
        "lib/people/rules.ts": "export const rule = 1;\n",
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.output).toContain("mechanisms-below-features: lib/deletion/start.ts → lib/people/rules.ts");
  }, 60_000);

  it("fails when a feature imports an entry point, and when a Server Action lives in a domain folder", async () => {
    const result = await cruise(
      tree({
        "lib/people/queries.ts": 'import { deletePeopleAction } from "../actions/people";\nexport const x = deletePeopleAction;\n',
        "lib/actions/people.ts": "export const deletePeopleAction = 1;\n",
        "lib/segments/actions.ts": 'import { formAction } from "../actions/pipeline";\nexport const y = formAction;\n',
        "lib/actions/pipeline.ts": "export const formAction = 1;\n",
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.output).toContain("features-below-entry: lib/people/queries.ts → lib/actions/people.ts");
    expect(result.output).toContain("features-below-entry: lib/segments/actions.ts → lib/actions/pipeline.ts");
  }, 60_000);

  it("fails when app/ or components/ import lib/db.ts, when components/ import app/, and when lib/db.ts imports upward", async () => {
    const result = await cruise(
      tree({
        "app/api/health/route.ts": 'import { db } from "../../../lib/db";\nexport const x = db;\n',
        "components/list.tsx": 'import { x } from "../app/api/health/route";\nexport const y = x;\n',
        "lib/db.ts": 'import { text } from "./text";\nexport const db = text;\n',
        "lib/text.ts": "export const text = 1;\n",
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.output).toContain("db-only-from-lib: app/api/health/route.ts → lib/db.ts");
    expect(result.output).toContain("app-on-top: components/list.tsx → app/api/health/route.ts");
    expect(result.output).toContain("db-at-the-bottom: lib/db.ts → lib/text.ts");
  }, 60_000);

  it("fails on a cycle between two domains even when no module cycle exists", async () => {
    const result = await cruise(
      tree({
        "lib/people/one.ts": 'import { b } from "../segments/two";\nexport const a = b;\n',
        "lib/segments/two.ts": "export const b = 1;\n",
        "lib/segments/three.ts": 'import { c } from "../people/four";\nexport const d = c;\n',
        "lib/people/four.ts": "export const c = 1;\n",
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.output).toContain("no-domain-cycles");
    expect(result.output).not.toContain("no-module-cycles");
  }, 60_000);

  it("fails on a lib/ folder that no layer names", async () => {
    const result = await cruise(tree({ "lib/newthing/a.ts": 'import { b } from "../text";\nexport const a = b;\n', "lib/text.ts": "export const b = 1;\n" }));
    expect(result.ok).toBe(false);
    expect(result.output).toContain("every-module-in-a-layer: lib/newthing/a.ts → lib/text.ts");
  }, 60_000);
});
