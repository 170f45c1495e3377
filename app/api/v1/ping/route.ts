// Track API: checks the credentials and does nothing else (200 {}, 401 otherwise). Clients can test
// their setup with it; bench:api measures the framework's own ceiling with it.
import { methodNotAllowed, trackRoute } from "@/lib/api/route";

export const GET = trackRoute(() => Promise.resolve(undefined));

const notAllowed = methodNotAllowed("GET");
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
