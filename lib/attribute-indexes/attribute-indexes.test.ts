// Indexed attributes are not offered on the embedded database: adding one is refused with the reason
// (a build would hold its only connection) and writes nothing; builds left pending by a data folder
// that came from a server are marked failed with the same reason instead of run.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { ValidationError } from "../errors";
import { createTestWorkspace, uniqueToken } from "../test/factories";
import { addIndexedAttribute, buildPendingAttributeIndexes, indexedAttributesUnavailableReason, listIndexedAttributes } from "./attribute-indexes";
import { attributeIndexIsValid, removeAllIndexedAttributes } from "./testing";

const actor = { type: "system" } as const;

afterEach(removeAllIndexedAttributes);

describe("[INDEXED ATTRIBUTES] on the embedded database", () => {
  it("refuses to add one, saying why, and writes nothing", async () => {
    const workspace = await createTestWorkspace();
    const reason = indexedAttributesUnavailableReason(true);
    expect(reason).toMatch(/need a PostgreSQL server.*only connection/);
    expect(indexedAttributesUnavailableReason(false)).toBeNull();
    const added = addIndexedAttribute({ workspaceId: workspace.id, name: uniqueToken("seen_"), actor, embedded: true });
    await expect(added).rejects.toBeInstanceOf(ValidationError);
    await expect(added).rejects.toThrow(reason!);
    expect(await listIndexedAttributes()).toEqual([]);
    expect(await db.auditEntry.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("marks builds left pending failed with the reason instead of building them", async () => {
    const name = uniqueToken("pending_");
    await db.indexedAttribute.create({ data: { name } });
    await buildPendingAttributeIndexes(true);
    expect(await listIndexedAttributes()).toMatchObject([{ name, status: "failed", error: indexedAttributesUnavailableReason(true) }]);
    expect(await attributeIndexIsValid(name)).toBeNull();
  });
});
