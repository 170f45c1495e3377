// Display formatting shared by pages and components (server and client).
const numberFormat = new Intl.NumberFormat("en-US");

// 12345 → "12,345"
export function formatCount(value: number): string {
  return numberFormat.format(value);
}

// "2026-11-28 17:04 UTC": unambiguous for support staff across time zones.
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  return date.toISOString().slice(0, 10);
}
