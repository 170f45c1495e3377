// What a Server Action hands back to its useActionState form.
export type FormState = {
  ok: boolean;
  message: string;
  errors?: Record<string, string[] | undefined>;
  // Echoed back so a form can keep what was typed (React resets forms after an action).
  values?: Record<string, string>;
};

export const IDLE_FORM_STATE: FormState = { ok: false, message: "" };
