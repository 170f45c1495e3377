// The delivery log's URL state (?status=&cursor=). A bad value falls back to its default. Client-safe.
import { z } from "zod";

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliveryLogSearchParamsSchema = z.object({
  status: z.enum(DELIVERY_STATUSES).optional().catch(undefined),
  // The id of the last delivery of the previous page (newest first).
  cursor: z.string().regex(/^\d{1,19}$/).optional().catch(undefined),
});
export type DeliveryLogSearchParams = z.infer<typeof deliveryLogSearchParamsSchema>;

export function deliveryLogHref(endpointId: string, state: DeliveryLogSearchParams): string {
  const query = new URLSearchParams();
  if (state.status) query.set("status", state.status);
  if (state.cursor) query.set("cursor", state.cursor);
  const qs = query.toString();
  return `/settings/webhooks/${encodeURIComponent(endpointId)}${qs ? `?${qs}` : ""}`;
}
