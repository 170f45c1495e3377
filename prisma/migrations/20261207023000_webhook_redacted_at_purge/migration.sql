-- An event's redacted form is written when its payload is dropped (once every delivery has ended),
-- not in the transaction that emits it: null until then.
ALTER TABLE "webhook_event" ALTER COLUMN "redacted" DROP NOT NULL;
