// Builds a list page's URL from its state: empty values and values equal to their default are left
// out, so every list's links stay short and one state has one URL. Client-safe.
export type HrefParams = Record<string, string | number | null | undefined>;

export function hrefWith(path: string, params: HrefParams, defaults: HrefParams = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "" || value === defaults[key]) continue;
    query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

// The first value of a search parameter that may repeat (?a=1&a=2), for zod preprocessing.
export function firstValue(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}
