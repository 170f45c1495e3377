"use server";
// Settings → Workspace → Indexed attributes: add (the index is built in the background) and remove.
// Admin only, through the action pipeline (role → zod → domain, which audits → revalidate).
import { z } from "zod";
import { formAction } from "./pipeline";
import { isStorableText } from "../text";
import { addIndexedAttribute, indexedAttributeNameError, removeIndexedAttribute, startAttributeIndexBuilds } from "../attribute-indexes/attribute-indexes";

const WORKSPACE_PATH = "/settings/workspace";

const nameSchema = z.object({
  name: z
    .string()
    .trim()
    .superRefine((name, ctx) => {
      const error = indexedAttributeNameError(name);
      if (error) ctx.addIssue({ code: "custom", message: error.charAt(0).toUpperCase() + error.slice(1) + "." });
    }),
});

export const addIndexedAttributeAction = formAction({
  role: "admin",
  input: nameSchema,
  invalidMessage: "Fix the attribute name.",
  echo: ["name"],
  revalidate: [WORKSPACE_PATH],
  run: async ({ input, workspace, actor }) => {
    const result = await addIndexedAttribute({ workspaceId: workspace.id, name: input.name, actor });
    if (result.status === "exists") return { ok: true, message: `"${input.name}" is indexed already.` };
    startAttributeIndexBuilds();
    return { ok: true, message: `Building the index of "${input.name}". Range filters on it get fast when it is ready.` };
  },
});

export const removeIndexedAttributeAction = formAction({
  role: "admin",
  input: z.object({ name: z.string().min(1).max(1000).refine(isStorableText) }),
  invalidMessage: "Unknown attribute.",
  revalidate: [WORKSPACE_PATH],
  run: async ({ input, workspace, actor }) => {
    const result = await removeIndexedAttribute({ workspaceId: workspace.id, name: input.name, actor });
    if (result === "building") return { ok: false, message: `The index of "${input.name}" is being built; remove it when it is ready.` };
    if (result === "not_found") return { ok: false, message: `"${input.name}" is not indexed.` };
    return { ok: true, message: `"${input.name}" is no longer indexed.` };
  },
});
