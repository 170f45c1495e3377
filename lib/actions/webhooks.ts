"use server";
// Settings → Webhooks (admins only): create an endpoint (its signing secret returned once), enable or
// disable, rotate the secret, delete, send a test event, resend a delivery. Each goes through the
// action pipeline (role → zod → domain, which audits → revalidate → one state shape).
import { z } from "zod";
import { formAction } from "./pipeline";
import type { ActionState } from "../ui/action-state";
import { isPossibleId } from "../text";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  resendWebhookDelivery,
  rotateWebhookSecret,
  sendTestWebhook,
  setWebhookEndpointEnabled,
  updateWebhookEndpoint,
  WebhookInputError,
} from "../webhooks/endpoints";
import { UnsafeUrlError } from "../webhooks/url-safety";

const WEBHOOKS_PATH = "/settings/webhooks";
const refusals = [WebhookInputError, UnsafeUrlError];

export type SecretState = ActionState & { secret?: string };

// Event types arrive as checkboxes named "type:<event type>".
const createSchema = z
  .object({
    url: z.string().trim().min(1, "Enter the endpoint's URL.").max(2_000, "Use at most 2,000 characters."),
    description: z.string().trim().max(200, "Use at most 200 characters.").default(""),
  })
  // (Other fields, e.g. the framework's own, pass through unread.)
  .catchall(z.string());
const endpointSchema = z.object({ id: z.string().refine(isPossibleId) });
const enabledSchema = endpointSchema.extend({ enabled: z.enum(["true", "false"]) });
const deliverySchema = z.object({ deliveryId: z.string().regex(/^\d{1,19}$/) });

// Admin: adds an endpoint; the signing secret (whsec_…) is in the result, only this once.
export const createWebhookEndpointAction = formAction<typeof createSchema, SecretState>({
  role: "admin",
  input: createSchema,
  invalidMessage: "Check the highlighted fields.",
  echo: ["url", "description"],
  revalidate: [WEBHOOKS_PATH],
  refusals,
  run: async ({ input, workspace, actor }): Promise<SecretState> => {
    const { secret } = await createWebhookEndpoint({ workspace, input: { url: input.url, description: input.description, eventTypes: eventTypesOf(input) }, actor });
    return { ok: true, message: "Endpoint added. Copy its signing secret now: it won't be shown again.", secret };
  },
});

const eventTypesOf = (input: Record<string, string>) => Object.keys(input).filter((key) => key.startsWith("type:")).map((key) => key.slice("type:".length));

// Admin: changes an endpoint's URL, description and event types (checked as at creation).
export const updateWebhookEndpointAction = formAction({
  role: "admin",
  input: createSchema.extend({ id: z.string().refine(isPossibleId) }),
  invalidMessage: "Check the highlighted fields.",
  echo: ["url", "description"],
  revalidate: [{ path: WEBHOOKS_PATH, type: "layout" }],
  refusals,
  run: async ({ input, workspace, actor }) => {
    await updateWebhookEndpoint({ workspace, id: input.id, input: { url: input.url, description: input.description, eventTypes: eventTypesOf(input) }, actor });
    return { ok: true, message: "Endpoint saved." };
  },
});

// Admin: a new signing secret (shown once); the old one keeps signing for 24 hours.
export const rotateWebhookSecretAction = formAction<typeof endpointSchema, SecretState>({
  role: "admin",
  input: endpointSchema,
  invalidMessage: "Unknown endpoint.",
  revalidate: [WEBHOOKS_PATH],
  refusals,
  run: async ({ input, workspace, actor }): Promise<SecretState> => {
    const { secret } = await rotateWebhookSecret({ workspace, id: input.id, actor });
    return { ok: true, message: "New secret made. Messages are signed with both secrets for 24 hours.", secret };
  },
});

export const setWebhookEndpointEnabledAction = formAction({
  role: "admin",
  input: enabledSchema,
  invalidMessage: "Unknown endpoint.",
  revalidate: [WEBHOOKS_PATH],
  refusals,
  run: async ({ input, workspace, actor }) => {
    const enabled = input.enabled === "true";
    await setWebhookEndpointEnabled({ workspace, id: input.id, enabled, actor });
    return { ok: true, message: enabled ? "Endpoint enabled." : "Endpoint disabled; its pending deliveries were given up." };
  },
});

export const deleteWebhookEndpointAction = formAction({
  role: "admin",
  input: endpointSchema,
  invalidMessage: "Unknown endpoint.",
  revalidate: [WEBHOOKS_PATH],
  refusals,
  run: async ({ input, workspace, actor }) => {
    await deleteWebhookEndpoint({ workspace, id: input.id, actor });
    return { ok: true, message: "Endpoint deleted." };
  },
});

export const sendTestWebhookAction = formAction({
  role: "admin",
  input: endpointSchema,
  invalidMessage: "Unknown endpoint.",
  revalidate: [{ path: WEBHOOKS_PATH, type: "layout" }],
  refusals,
  run: async ({ input, workspace, actor }) => {
    await sendTestWebhook({ workspace, id: input.id, actor });
    return { ok: true, message: "Test event queued: see the delivery log." };
  },
});

export const resendWebhookDeliveryAction = formAction({
  role: "admin",
  input: deliverySchema,
  invalidMessage: "Unknown delivery.",
  revalidate: [{ path: WEBHOOKS_PATH, type: "layout" }],
  refusals,
  run: async ({ input, workspace, actor }) => {
    await resendWebhookDelivery({ workspace, deliveryId: BigInt(input.deliveryId), actor });
    return { ok: true, message: "Queued to be sent again." };
  },
});
