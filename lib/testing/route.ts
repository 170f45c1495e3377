// Wrapper for the test-data API routes: 404 unless the API is enabled (E2E_TEST_API=1 with a long
// E2E_TEST_API_TOKEN, see access.ts), so the routes don't exist in production; 401 without the
// bearer token; JSON in and out, ValidationError → 400.
import { ZodError, z } from "zod";
import { ValidationError } from "../errors";
import { getWorkspace, type Workspace } from "../workspace/workspace";
import { hasTestDataApiToken, isTestDataApiEnabled } from "./access";

const UNAUTHORIZED = { errors: ["the test-data API needs Authorization: Bearer <E2E_TEST_API_TOKEN>"] };

// Wraps one test-data route: enabled check, bearer token, the workspace, JSON answer and error mapping.
export function testingRoute(handler: (context: { request: Request; workspace: Workspace }) => Promise<{ status?: number; body: unknown }>) {
  return async (request: Request): Promise<Response> => {
    if (!isTestDataApiEnabled()) return new Response("Not Found", { status: 404 });
    if (!hasTestDataApiToken(request)) return Response.json(UNAUTHORIZED, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
    try {
      const { status = 200, body } = await handler({ request, workspace: await getWorkspace() });
      return Response.json(body, { status });
    } catch (error) {
      if (error instanceof ValidationError) return Response.json({ errors: error.errors }, { status: 400 });
      if (error instanceof ZodError) return Response.json({ errors: error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`) }, { status: 400 });
      throw error;
    }
  };
}

// Reads a JSON body (an empty body counts as {}) and validates it.
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const text = await request.text();
  let value: unknown = {};
  if (text.trim()) {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ValidationError("body must be JSON");
    }
  }
  return schema.parse(value);
}

export const notFound = () => Promise.resolve(new Response("Not Found", { status: 404 }));
