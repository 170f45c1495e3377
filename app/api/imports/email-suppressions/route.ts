// The email suppression list's CSV import, admins only: the file as the raw body (text/csv), streamed
// into a preview (?intent=preview, nothing written) or an apply (?intent=apply) under the page's cap.
// Under /api/ so that proxy.ts never sees it (Next buffers, and cuts at 10 MB, the body of a request
// that its proxy handles).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { staffRoute } from "@/lib/api/route";
import { importEspSuppressionsCsv, MAX_ESP_IMPORT_ROWS } from "@/lib/esp-suppression/import";
import { espTypeSchema } from "@/lib/esp-suppression/schemas";
import { ESP_UPLOAD_TOO_LARGE, espImportState, MAX_ESP_UPLOAD_BYTES } from "@/lib/esp-suppression/upload";
import { csvUploadBody, HttpError, jsonResponse } from "@/lib/api/http";

const LIST_PATH = "/settings/email/suppression-list";

const querySchema = z.object({
  intent: z.enum(["preview", "apply"]),
  default_type: z.preprocess((value) => value || undefined, espTypeSchema.optional()),
});

export const POST = staffRoute(
  async ({ request, actor, workspace }) => {
    const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) {
      const isType = query.error.issues.some((issue) => issue.path[0] === "default_type");
      throw new HttpError(400, [isType ? "Choose a valid default type." : "Say whether to preview or apply the import."]);
    }
    const input = csvUploadBody(request, { maxBytes: MAX_ESP_UPLOAD_BYTES, tooLarge: ESP_UPLOAD_TOO_LARGE });
    const apply = query.data.intent === "apply";
    const summary = await importEspSuppressionsCsv({
      workspaceId: workspace.id,
      input,
      defaultType: query.data.default_type,
      apply,
      actor,
      maxBytes: MAX_ESP_UPLOAD_BYTES,
    });
    if (apply) revalidatePath(LIST_PATH);
    if (!summary.limitExceeded) return espImportState(summary);
    // Stopped at a cap while streaming (only a body sent without its length gets that far): a preview
    // is refused outright; an apply says what it added before the cap (audited like any import).
    const status = summary.limitExceeded === "bytes" ? 413 : 400;
    const message = summary.limitExceeded === "bytes" ? ESP_UPLOAD_TOO_LARGE : `The file has more than ${MAX_ESP_IMPORT_ROWS.toLocaleString("en-US")} rows; split it.`;
    if (!apply) return jsonResponse({ meta: { errors: [message] } }, { status });
    const added = `${summary.added} new ${summary.added === 1 ? "entry was" : "entries were"} added before it stopped`;
    return jsonResponse({ meta: { errors: [message] }, ok: false, message: `${message} ${added}.`, summary }, { status });
  },
  { role: "admin" },
);
