// The race tests' evidence of a race: spans that met are told apart from spans that never did.
import { describe, expect, it } from "vitest";
import { overlapRecorder } from "./overlap";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("[TEST] overlapRecorder", () => {
  it("sees operations in flight together, and not ones that ran one after the other", async () => {
    const spans = overlapRecorder();
    await spans.time("identify", () => sleep(5));
    await spans.time("suppress", () => sleep(5));
    await spans.time("identify", () => sleep(5));
    expect(spans.overlapped("identify", "suppress")).toBe(false);
    expect(spans.overlapped("identify", "identify")).toBe(false);

    spans.reset();
    await Promise.all([spans.time("identify", () => sleep(20)), sleep(5).then(() => spans.time("suppress", () => sleep(5)))]);
    expect(spans.overlapped("identify", "suppress")).toBe(true);

    spans.reset();
    await Promise.all([spans.time("identify", () => sleep(10)), spans.time("identify", () => sleep(10))]);
    expect(spans.overlapped("identify", "identify")).toBe(true);
    // A span thrown out of is recorded too.
    spans.reset();
    await Promise.allSettled([spans.time("suppress", () => sleep(10).then(() => Promise.reject(new Error("x")))), spans.time("event", () => sleep(10))]);
    expect(spans.overlapped("event", "suppress")).toBe(true);
  });
});
