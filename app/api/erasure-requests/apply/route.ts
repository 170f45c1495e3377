// "Erase a list" confirmed: the same list again with the preview's time, deleted (and suppressed)
// as one erasure with one receipt; over 1,000 people as a deletion job.
import { revalidatePath } from "next/cache";
import { csvUploadBody } from "@/lib/api/http";
import { staffRoute } from "@/lib/api/route";
import { LIST_TOO_LARGE, MAX_LIST_BYTES } from "@/lib/erasure-requests/parse-list";
import { applyListRequest } from "@/lib/erasure-requests/requests";

export const POST = staffRoute(async ({ request, actor, workspace }) => {
  const body = csvUploadBody(request, { maxBytes: MAX_LIST_BYTES, tooLarge: LIST_TOO_LARGE });
  const answer = await applyListRequest({ url: request.url, body }, workspace, actor);
  if (answer.ok) {
    revalidatePath("/people");
    revalidatePath("/deletions");
  }
  return answer;
});
