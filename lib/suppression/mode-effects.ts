// What suppressing does to a person's identifiers in each identification mode, in the words every
// screen that offers or lists suppression uses (the Delete forever dialogs, the suppressed-identifiers
// page), so what staff read is what lib/suppression/suppress.ts does. Pure: client components use it.

export type IdentificationMode = "id" | "email_or_id";

export type SuppressionWording = {
  // The dialog's line for ticking "Suppress these people's identifiers".
  suppress: string;
  // The dialog's line for leaving it unticked.
  dontSuppress: string;
  // The suppressed-identifiers page's account of what the list holds.
  listDescription: string;
};

// The wording for a workspace in `mode`. ID-only: the id is suppressed and the email only remembered
// (suppressed if the workspace moves to email-or-ID); email-or-ID: both are suppressed.
export function suppressionWording(mode: IdentificationMode): SuppressionWording {
  const dontSuppress =
    "they can be added again later, as new people with no history. Their activity stays under their old cio_id until one of their identifiers is suppressed, which forgets it.";
  if (mode === "id") {
    return {
      suppress:
        "their id can never be added again. This workspace identifies people by ID only, so their email can be added again: it is remembered, and suppressed too if the workspace moves to email-or-ID. Their activity is forgotten (kept only as anonymous rows).",
      dontSuppress,
      listDescription:
        "Profiles deleted and suppressed. This workspace identifies people by ID only: their ids can't come back; their emails are remembered, not suppressed, and become suppressed if the workspace moves to email-or-ID. Only keyed hashes and masked hints are stored, so this list is read-only and shows no plaintext.",
    };
  }
  return {
    suppress: "their id and email can never be added again, and their activity is forgotten (kept only as anonymous rows).",
    dontSuppress,
    listDescription:
      "Profiles deleted and suppressed. This workspace identifies people by email or ID: their ids and emails can't come back. Only keyed hashes and masked hints are stored, so this list is read-only and shows no plaintext.",
  };
}
