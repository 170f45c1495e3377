import path from "node:path";
import { describe, expect, it } from "vitest";
import { demoPasswordFile, isDemoSeedWanted } from "./seed-policy";

describe("[SEED] start-up policy", () => {
  it("seeds the embedded database unless SEED=0, a server database only with SEED=1", () => {
    expect(isDemoSeedWanted({})).toBe(true);
    expect(isDemoSeedWanted({ DATABASE_URL: "" })).toBe(true);
    expect(isDemoSeedWanted({ SEED: "0" })).toBe(false);
    expect(isDemoSeedWanted({ DATABASE_URL: "postgresql://db/people" })).toBe(false);
    expect(isDemoSeedWanted({ DATABASE_URL: "postgresql://db/people", SEED: "0" })).toBe(false);
    expect(isDemoSeedWanted({ DATABASE_URL: "postgresql://db/people", SEED: "1" })).toBe(true);
  });

  it("keeps the generated password beside the data folder, in .data for a server, nowhere for memory", () => {
    expect(demoPasswordFile({})).toBe(path.resolve(".data/pglite.demo-password"));
    expect(demoPasswordFile({ PGLITE_DIR: "/srv/people/db/" })).toBe("/srv/people/db.demo-password");
    expect(demoPasswordFile({ PGLITE_DIR: "memory://" })).toBeNull();
    expect(demoPasswordFile({ DATABASE_URL: "postgresql://db/people" })).toBe(path.resolve(".data/demo-password"));
  });
});
