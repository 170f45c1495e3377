"use server";
// Server Actions of the segment pages, and of adding people to (or removing them from) a manual
// segment from the People and person pages. Support and admin staff may manage segments. Each goes
// through the action pipeline (session → zod → domain → revalidate → one state shape).
import { z } from "zod";
import { formAction, serverAction } from "./pipeline";
import { peopleSelectionSchema, selectedPeople } from "../people/selection";
import { isPossibleId } from "../text";
import { addPeopleToSegment, createSegment, deleteSegment, removePeopleFromSegment, segmentInputSchema, updateSegment } from "../segments/segments";

// A value that can't be an id (a NUL the database would fail on) is refused as invalid input.
const segmentIdSchema = z.string().refine(isPossibleId);

// The editor posts the condition as JSON text, and the segment's id when editing.
const segmentFormSchema = z.preprocess(
  (fields) => {
    const { condition, segmentId, ...rest } = fields as Record<string, string | undefined>;
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(condition ?? "null");
    } catch {
      // Left null: the schema reports the missing condition.
    }
    return { ...rest, condition: parsed, segmentId: segmentId || undefined };
  },
  z.intersection(z.object({ segmentId: segmentIdSchema.optional() }), segmentInputSchema),
);

// Creates or updates a segment from the editor form, then goes back to the list.
export const saveSegmentAction = formAction({
  role: "staff",
  input: segmentFormSchema,
  invalidMessage: "Check the highlighted fields.",
  revalidate: ["/segments", "/people"],
  redirectTo: "/segments",
  run: async ({ input: { segmentId, ...segment }, workspace }) => {
    if (segmentId) await updateSegment({ workspaceId: workspace.id, segmentId, input: segment });
    else await createSegment({ workspaceId: workspace.id, input: segment });
    return { ok: true, message: "Segment saved." };
  },
});

// Deletes a segment; the people in it stay.
export const deleteSegmentAction = serverAction({
  role: "staff",
  input: segmentIdSchema,
  revalidate: ["/segments", "/people"],
  run: async ({ input: segmentId, workspace }) => {
    await deleteSegment({ workspaceId: workspace.id, segmentId });
    return { ok: true, message: "Segment deleted." };
  },
});

const membershipInputSchema = z.object({ segmentId: segmentIdSchema, selection: peopleSelectionSchema });

// Adding to and removing from a manual segment: the People page selection (explicit people, or
// everyone matching the filter), the count in the message.
function membershipAction(change: typeof addPeopleToSegment, done: "added to" | "removed from") {
  return serverAction({
    role: "staff",
    input: membershipInputSchema,
    invalidMessage: "Invalid request.",
    revalidate: ["/people", "/segments"],
    run: async ({ input: { segmentId, selection }, workspace }) => {
      const count = await change({ workspaceId: workspace.id, segmentId, selection: selectedPeople(workspace.id, selection) });
      return { ok: true, message: `${count.toLocaleString("en-US")} ${done} the segment.` };
    },
  });
}

// Adds the People page selection to a manual segment.
export const addToSegmentAction = membershipAction(addPeopleToSegment, "added to");

// Removes a selection from a manual segment (the person page's ×, the People page's bulk action).
export const removeFromSegmentAction = membershipAction(removePeopleFromSegment, "removed from");
