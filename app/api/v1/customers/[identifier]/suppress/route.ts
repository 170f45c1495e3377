// Track API: delete the person and suppress all their identifiers (or the bare identifier).
import { suppressIdentifier } from "@/lib/deletion/suppress-identifier";
import { methodNotAllowed, trackRoute } from "@/lib/api/route";

export const POST = trackRoute<{ identifier: string }>(async ({ params, workspace, actor }) => {
  await suppressIdentifier({ workspace, identifier: params.identifier, actor });
});

const notAllowed = methodNotAllowed("POST");
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
