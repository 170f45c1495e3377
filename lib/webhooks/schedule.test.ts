import { describe, expect, it } from "vitest";
import { GIVE_UP_AFTER_MS, nextAttemptAt } from "./schedule";

const t0 = new Date("2026-01-01T00:00:00Z");
const at = (attempts: number, failedAfterMs: number, random = () => 0.5) =>
  nextAttemptAt({ attempts, failedAt: new Date(t0.getTime() + failedAfterMs), createdAt: t0, random })?.getTime();

describe("webhook retry schedule", () => {
  it("follows the Standard Webhooks schedule, jittered ±20 %", () => {
    expect(at(1, 0)).toBe(t0.getTime() + 5_000);
    expect(at(2, 0)).toBe(t0.getTime() + 5 * 60_000);
    expect(at(3, 0)).toBe(t0.getTime() + 30 * 60_000);
    expect(at(4, 0)).toBe(t0.getTime() + 2 * 3_600_000);
    expect(at(5, 0)).toBe(t0.getTime() + 5 * 3_600_000);
    expect(at(6, 0)).toBe(t0.getTime() + 10 * 3_600_000);
    expect(at(20, 0)).toBe(t0.getTime() + 10 * 3_600_000);
    expect(at(2, 0, () => 0)).toBe(t0.getTime() + 4 * 60_000);
    expect(at(2, 0, () => 0.999999)).toBeLessThanOrEqual(t0.getTime() + 6 * 60_000);
  });

  it("gives up 3 days after the event", () => {
    expect(at(7, GIVE_UP_AFTER_MS - 11 * 3_600_000)).toBeDefined();
    expect(at(7, GIVE_UP_AFTER_MS - 3_600_000)).toBeUndefined();
  });
});
