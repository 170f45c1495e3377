"use client";
// Zod compiles its object parsers with `new Function` where it may. The pages' CSP forbids eval, and
// even zod's caught probe for it is reported as a violation, so in the browser zod parses without
// compiling. Rendered once by the root layout, before any client component parses.
import { z } from "zod";

z.config({ jitless: true });

export function ZodWithoutEval() {
  return null;
}
