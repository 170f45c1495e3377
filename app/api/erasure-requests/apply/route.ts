// "Erase a list" confirmed: the same list again with the preview's time, deleted (and suppressed)
// as one erasure with one receipt; over 1,000 people as a deletion job.
import { revalidatePath } from "next/cache";
import { staffRoute } from "@/lib/auth/staff-route";
import { applyListRequest } from "@/lib/erasure-requests/requests";
import { getWorkspace } from "@/lib/workspace/workspace";

export const POST = staffRoute(async ({ request, actor }) => {
  const answer = await applyListRequest(request, await getWorkspace(), actor);
  if (answer.ok) {
    revalidatePath("/people");
    revalidatePath("/deletions");
  }
  return answer;
});
