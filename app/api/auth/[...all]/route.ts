// Better Auth over HTTP, limited to the endpoints the app uses (see lib/auth/http-endpoints.ts).
import { handleAuthRequest } from "@/lib/auth/http-endpoints";

export const GET = handleAuthRequest;
export const POST = handleAuthRequest;
