// Test helpers of indexed attributes: the catalog and its indexes are the install's, so a test that
// adds some removes them all afterwards; and whether an attribute's index exists and is valid.
import { db } from "../db";
import { getWorkspace } from "../workspace/workspace";
import { attributeIndexName, listIndexedAttributes, removeIndexedAttribute } from "./attribute-indexes";

export async function removeAllIndexedAttributes(): Promise<void> {
  const workspace = await getWorkspace();
  for (const { name } of await listIndexedAttributes()) await removeIndexedAttribute({ workspaceId: workspace.id, name, actor: { type: "system" } });
}

// true or false for the index's pg_index.indisvalid; null when there is no such index.
export async function attributeIndexIsValid(name: string): Promise<boolean | null> {
  const [row] = await db.$queryRaw<{ valid: boolean }[]>`SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass(${attributeIndexName(name)})`;
  return row ? row.valid : null;
}
