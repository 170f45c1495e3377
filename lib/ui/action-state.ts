// What every Server Action hands back, and what its form starts from. Client-safe (no server code).
export type FieldErrors = Record<string, string[] | undefined>;

export type ActionState = {
  ok: boolean;
  message: string;
  // Messages per input field, shown next to that field.
  fieldErrors?: FieldErrors;
  // Echoed back so a form can keep what was typed (React resets forms after an action).
  values?: Record<string, string>;
};

// A refused action: nothing was changed.
export type ActionFailure = { ok: false; message: string; fieldErrors?: FieldErrors; values?: Record<string, string> };

export const IDLE_ACTION_STATE: ActionState = { ok: false, message: "" };
