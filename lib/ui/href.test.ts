import { describe, expect, it } from "vitest";
import { activityHref, activitySearchParamsSchema } from "../activity/search-params";
import { auditHref, auditSearchParamsSchema } from "../audit/search-params";
import { espListHref, espListSearchParamsSchema } from "../esp-suppression/search-params";
import { peopleHref } from "../people/search-params";
import { suppressionsHref, suppressionsSearchParamsSchema } from "../suppression/search-params";
import { hrefWith } from "./href";

const query = (href: string) => Object.fromEntries(new URL(href, "http://x").searchParams);

describe("[LISTS] list URLs", () => {
  it("leave out empty and default values, so one state has one URL", () => {
    expect(hrefWith("/x", { a: "", b: undefined, c: null, page: 1, q: "a b" }, { page: 1 })).toBe("/x?q=a+b");
    expect(hrefWith("/x", {})).toBe("/x");
    expect(peopleHref({ q: "", sort: "created", order: "desc", page: 1 })).toBe("/people");
    expect(peopleHref({ sort: "email", order: "asc", page: 2 })).toBe("/people?sort=email&order=asc&page=2");
  });

  it("parse back to the state they were built from, and a bad value falls back to its default", () => {
    const activity = { type: "event" as const, before: "1700000000000_42" };
    expect(activitySearchParamsSchema.parse(query(activityHref(activity)))).toEqual(activity);
    const audit = { page: 3, action: "people.delete", actor: "system" };
    expect(auditSearchParamsSchema.parse(query(auditHref(audit)))).toEqual(audit);
    const esp = { type: "bounces" as const, q: "@example.test", page: 2 };
    expect(espListSearchParamsSchema.parse(query(espListHref(esp)))).toEqual(esp);
    expect(suppressionsSearchParamsSchema.parse(query(suppressionsHref({ page: 4 })))).toEqual({ page: 4 });
    expect(suppressionsSearchParamsSchema.parse({ page: ["x", "2"] })).toEqual({ page: 1 });
    expect(suppressionsSearchParamsSchema.parse({})).toEqual({ page: 1 });
  });
});
