// `npm run bench -- <name>` runs scripts/bench/<name>.ts (delete, api, ui, esp, seed); no name lists them.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

const dir = path.dirname(new URL(import.meta.url).pathname);
const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "run.ts").map((f) => f.slice(0, -3));
if (!name || !existsSync(path.join(dir, `${name}.ts`))) {
  console.log(`usage: npm run bench -- <${available.join("|")}> [options]`);
  process.exit(name ? 2 : 0);
}
const result = spawnSync("npx", ["tsx", path.join(dir, `${name}.ts`), ...rest], { stdio: "inherit" });
process.exit(result.status ?? 1);
