// An import's error report as CSV (row,reason). Integrations authenticate with their Track key;
// staff downloading it from the import page, with their session.
import { requireActionUser } from "@/lib/auth/guard";
import { importErrorsCsv } from "@/lib/imports/import-people";
import { errorToResponse } from "@/lib/api/http";
import { methodNotAllowed, trackRoute, type RouteContext } from "@/lib/api/route";
import { getWorkspace } from "@/lib/workspace/workspace";
import type { Workspace } from "@/lib/generated/prisma/client";

type Params = { id: string };

async function reportResponse(workspace: Workspace, id: string): Promise<Response> {
  const csv = await importErrorsCsv({ workspace, id });
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="import-${id.replace(/[^\w-]/g, "")}-errors.csv"`,
      "cache-control": "no-store",
    },
  });
}

const withTrackKey = trackRoute<Params>(async ({ params, workspace }) => reportResponse(workspace, params.id), { notFound: 404 });

export async function GET(request: Request, context: RouteContext<Params>): Promise<Response> {
  if (request.headers.get("authorization")) return withTrackKey(request, context);
  try {
    await requireActionUser();
    const { id } = await context.params;
    return await reportResponse(await getWorkspace(), id);
  } catch (error) {
    if (error instanceof Error && error.name === "AuthorizationError") {
      return withTrackKey(request, context); // answers 401 with the Basic challenge
    }
    return errorToResponse(error, 404);
  }
}

const notAllowed = methodNotAllowed("GET");
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
