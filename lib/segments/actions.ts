"use server";
// Server Actions of the segment pages and of the People page's "Add to segment". Support and admin
// staff may manage segments; each action checks the session first.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { isAuthorizationError, requireActionUser } from "../auth/guard";
import { NotFoundError, ValidationError } from "../errors";
import { peopleSelectionSql } from "../people/queries";
import { isStorableText } from "../text";
import { getWorkspace } from "../workspace/workspace";
import { conditionSchema } from "./conditions";
import { addPeopleToSegment, createSegment, deleteSegment, removePeopleFromSegment, segmentInputSchema, updateSegment } from "./segments";

export type SegmentFormState = { ok: boolean; message: string; errors?: Record<string, string[] | undefined> };

function readSegmentForm(formData: FormData) {
  const kind = formData.get("kind");
  let condition: unknown = undefined;
  try {
    condition = JSON.parse(String(formData.get("condition") ?? "null"));
  } catch {
    condition = null;
  }
  return segmentInputSchema.safeParse({ kind, name: formData.get("name"), ...(kind === "data_driven" ? { condition } : {}) });
}

async function guarded<T>(run: () => Promise<T>, fallback: (message: string) => T): Promise<T> {
  try {
    await requireActionUser();
    return await run();
  } catch (error) {
    if (isAuthorizationError(error) || error instanceof ValidationError || error instanceof NotFoundError) return fallback(error.message);
    throw error;
  }
}

// Creates or updates a segment from the editor form (hidden input `segmentId` when editing), then
// goes back to the list.
export async function saveSegmentAction(_previous: SegmentFormState, formData: FormData): Promise<SegmentFormState> {
  // Who is asking comes before what they sent: a signed-out caller learns nothing about the form.
  const signedOut = await guarded<SegmentFormState | null>(async () => null, (message) => ({ ok: false, message }));
  if (signedOut) return signedOut;
  const parsed = readSegmentForm(formData);
  if (!parsed.success) {
    return { ok: false, message: "Check the highlighted fields.", errors: z.flattenError(parsed.error).fieldErrors };
  }
  const segmentId = String(formData.get("segmentId") ?? "");
  const state = await guarded<SegmentFormState>(
    async () => {
      const workspace = await getWorkspace();
      if (segmentId) await updateSegment({ workspaceId: workspace.id, segmentId, input: parsed.data });
      else await createSegment({ workspaceId: workspace.id, input: parsed.data });
      return { ok: true, message: "Segment saved." };
    },
    (message) => ({ ok: false, message }),
  );
  if (!state.ok) return state;
  revalidatePath("/segments");
  revalidatePath("/people");
  redirect("/segments");
}

export async function deleteSegmentAction(segmentId: string): Promise<{ ok: boolean; message: string }> {
  const result = await guarded(
    async () => {
      const workspace = await getWorkspace();
      const id = z.string().min(1).max(100).refine(isStorableText).safeParse(segmentId);
      if (!id.success) throw new NotFoundError("segment not found");
      await deleteSegment({ workspaceId: workspace.id, segmentId: id.data });
      return { ok: true, message: "Segment deleted." };
    },
    (message) => ({ ok: false, message }),
  );
  if (result.ok) revalidatePath("/segments");
  return result;
}

const membershipInputSchema = z.object({
  segmentId: z.string().min(1).max(100),
  selection: z.discriminatedUnion("mode", [
    z.object({ mode: z.literal("ids"), cioIds: z.array(z.string().regex(/^[0-9a-f]{20}$/)).min(1).max(10_000) }),
    z.object({
      mode: z.literal("filter"),
      filter: z.object({ q: z.string().max(150).optional(), segment: z.string().max(100).optional(), condition: conditionSchema.optional() }),
    }),
  ]),
});

// Adds the People page selection (explicit people, or everyone matching the filter) to a manual segment.
export async function addToSegmentAction(input: z.input<typeof membershipInputSchema>): Promise<{ ok: boolean; message: string }> {
  const result = await guarded(
    async () => {
      const parsed = membershipInputSchema.safeParse(input);
      if (!parsed.success) throw new ValidationError("Invalid request.");
      const workspace = await getWorkspace();
      const { segmentId, selection } = parsed.data;
      const added = await addPeopleToSegment({
        workspaceId: workspace.id,
        segmentId,
        selection:
          selection.mode === "ids"
            ? { cioIds: selection.cioIds }
            : {
                sql: peopleSelectionSql({
                  workspaceId: workspace.id,
                  search: selection.filter.q,
                  segmentId: selection.filter.segment,
                  condition: selection.filter.condition ?? null,
                }),
              },
      });
      return { ok: true, message: `${added.toLocaleString("en-US")} added to the segment.` };
    },
    (message) => ({ ok: false, message }),
  );
  if (result.ok) {
    revalidatePath("/people");
    revalidatePath("/segments");
  }
  return result;
}

// Removes people from a manual segment (from the People page filtered by that segment).
export async function removeFromSegmentAction(input: { segmentId: string; cioIds: string[] }): Promise<{ ok: boolean; message: string }> {
  const result = await guarded(
    async () => {
      const parsed = z
        .object({ segmentId: z.string().min(1).max(100), cioIds: z.array(z.string().regex(/^[0-9a-f]{20}$/)).min(1).max(10_000) })
        .safeParse(input);
      if (!parsed.success) throw new ValidationError("Invalid request.");
      const workspace = await getWorkspace();
      const removed = await removePeopleFromSegment({ workspaceId: workspace.id, ...parsed.data });
      return { ok: true, message: `${removed.toLocaleString("en-US")} removed from the segment.` };
    },
    (message) => ({ ok: false, message }),
  );
  if (result.ok) {
    revalidatePath("/people");
    revalidatePath("/segments");
  }
  return result;
}
