// Track API: record an event. Suppressed or unknown people → 200 {} and nothing stored; the same
// event id twice is stored once.
import { trackEvent } from "@/lib/activity/track-event";
import { methodNotAllowed, trackRoute } from "@/lib/api/route";
import { eventBodySchema } from "@/lib/track-api/schemas";

export const POST = trackRoute<{ identifier: string }>(async ({ params, workspace, json }) => {
  await trackEvent({ workspace, identifier: params.identifier, event: await json(eventBodySchema) });
});

const notAllowed = methodNotAllowed("POST");
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
