// Rules of the Delete forever dialog shared by the client (what to ask) and the action (what to accept).

// Above this many people the dialog also asks to type the number.
export const TYPED_CONFIRMATION_THRESHOLD = 1_000;

// Whether a typed confirmation matches the count ("12,345", "12345" and "12 345" all do).
export function isConfirmationValid(count: number, typed: string | undefined): boolean {
  if (count <= TYPED_CONFIRMATION_THRESHOLD) return true;
  return (typed ?? "").replace(/[,\s.]/g, "") === String(count);
}
