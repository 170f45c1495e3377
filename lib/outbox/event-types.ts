// The webhook event types an endpoint can subscribe to (Settings → Webhooks). Client-safe.
export const WEBHOOK_EVENT_TYPES = [
  "person.deleted",
  "identifier.suppressed",
  "identifier.unsuppressed",
  "deletion.completed",
  "deletion.failed",
  "deletion.cancelled",
  "person.exported",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

// Sent only to the endpoint an admin tests, never subscribed to.
export const TEST_EVENT_TYPE = "webhook.test";

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  "person.deleted": "A person was deleted (with or without suppression)",
  "identifier.suppressed": "An identifier nobody held was suppressed",
  "identifier.unsuppressed": "An identifier was unsuppressed",
  "deletion.completed": "A deletion job or erasure list finished",
  "deletion.failed": "A deletion job failed",
  "deletion.cancelled": "A deletion job was cancelled",
  "person.exported": "A person's data was exported",
};

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
