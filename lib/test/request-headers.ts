// What next/headers answers in tests that call guards and Server Actions in-process. Test files share
// a worker and its module cache, so whichever file first loads lib/auth/guard.ts binds it to that
// file's mock of next/headers: every such file must hand out the same headers, kept here (on
// globalThis, so any copy of this module sees them too).
type RequestHeaders = { current: Headers };

export const requestHeaders: RequestHeaders = ((globalThis as { __testRequestHeaders?: RequestHeaders }).__testRequestHeaders ??= {
  current: new Headers(),
});

// The factory for vi.mock("next/headers", …).
export function nextHeadersMock() {
  return {
    headers: () => Promise.resolve(requestHeaders.current),
    cookies: () => Promise.resolve({ get: () => undefined, set: () => {}, delete: () => {} }),
  };
}
