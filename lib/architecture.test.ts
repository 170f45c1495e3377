// The import boundaries of lib/ (.dependency-cruiser.cjs, rules written there) hold for the code as
// it is, and the check really fails on a violation: it is run on small trees that break each rule.
import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..");
const CONFIG = path.join(ROOT, ".dependency-cruiser.cjs");
const CRUISER = path.join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");

async function cruise(cwd: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [CRUISER, "lib", "--config", CONFIG, "--output-type", "err"], { cwd });
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
  it("lib/ keeps them: people below deletion and suppression, no cycles between domains or modules", async () => {
    const result = await cruise(ROOT);
    expect(result.output).toContain("no dependency violations found");
    expect(result.ok).toBe(true);
  }, 120_000);

  it("fails when lib/people imports lib/deletion or lib/suppression", async () => {
    const result = await cruise(
      tree({
        "lib/people/queries.ts": 'import { startDeletion } from "../deletion/start";\nexport const x = startDeletion;\n',
        "lib/people/identify.ts": 'import { isSuppressed } from "../suppression/suppress";\nexport const y = isSuppressed;\n',
        "lib/deletion/start.ts": "export const startDeletion = 1;\n",
        "lib/suppression/suppress.ts": "export const isSuppressed = 1;\n",
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.output).toContain("people-not-above-deletion: lib/people/queries.ts → lib/deletion/start.ts");
    expect(result.output).toContain("people-not-above-deletion: lib/people/identify.ts → lib/suppression/suppress.ts");
  }, 60_000);

  it("fails on a cycle between two domains even when no module cycle exists", async () => {
    const result = await cruise(
      tree({
        "lib/alpha/one.ts": 'import { b } from "../beta/two";\nexport const a = b;\n',
        "lib/beta/two.ts": "export const b = 1;\n",
        "lib/beta/three.ts": 'import { c } from "../alpha/four";\nexport const d = c;\n',
        "lib/alpha/four.ts": "export const c = 1;\n",
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.output).toContain("no-domain-cycles");
    expect(result.output).not.toContain("no-module-cycles");
  }, 60_000);

  it("ignores Server Actions and tests, the layer above the domains", async () => {
    const result = await cruise(
      tree({
        "lib/people/actions.ts": 'import { startDeletion } from "../deletion/start";\nexport const x = startDeletion;\n',
        "lib/people/identify.test.ts": 'import { isSuppressed } from "../suppression/suppress";\nexport const y = isSuppressed;\n',
        "lib/deletion/start.ts": "export const startDeletion = 1;\n",
        "lib/suppression/suppress.ts": "export const isSuppressed = 1;\n",
      }),
    );
    expect(result.output).toContain("no dependency violations found");
  }, 60_000);
});
