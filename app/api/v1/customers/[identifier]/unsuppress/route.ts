// Track API: free every identifier suppressed together with this one.
import { unsuppressIdentifier } from "@/lib/suppression/suppress";
import { methodNotAllowed, trackRoute } from "@/lib/api/route";

export const POST = trackRoute<{ identifier: string }>(async ({ params, workspace, actor }) => {
  await unsuppressIdentifier({ workspace, identifier: params.identifier, actor });
});

const notAllowed = methodNotAllowed("POST");
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
