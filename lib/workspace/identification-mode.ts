// Switching a workspace from ID-only to email-or-ID identification: emails become identifiers, so they
// must be unique among living people and the emails remembered for suppressed profiles become
// suppressed. email_or_id → id is not offered.
import type { Workspace } from "../generated/prisma/client";
import { db, type Tx } from "../db";
import { recordAudit, type Actor } from "../audit/record-audit";
import { ValidationError } from "../errors";
import { insertEmailClaims } from "../identity/insert-claims";
import { hashIdentifier } from "../identity/identifiers";
import { activateRememberedEmails } from "../suppression/suppress";
import { workspaceChanged } from "./workspace";

export type ModeSwitchConflict = {
  email: string;
  // Living people holding this email.
  count: number;
  // duplicate: several people share it; suppressed: a suppressed profile's remembered email.
  reason: "duplicate" | "suppressed";
};

const SCAN_BATCH = 5_000;

// What a switch to email-or-ID would meet: conflicting emails (none means it can go ahead) and how
// many remembered emails of suppressed profiles it would suppress.
export async function previewIdentificationModeSwitch(options: {
  workspace: Workspace;
}): Promise<{ conflicts: ModeSwitchConflict[]; suppressedEmailsToActivate: number }> {
  return db.$transaction(async (tx) => findSwitchBlockers(tx, options.workspace));
}

async function findSwitchBlockers(tx: Tx, workspace: Workspace) {
  const duplicates = await tx.$queryRaw<{ email: string; count: number }[]>`
    SELECT min(email) AS email, count(*)::int AS count FROM person
    WHERE workspace_id = ${workspace.id} AND email_key IS NOT NULL
    GROUP BY email_key HAVING count(*) > 1
    ORDER BY count(*) DESC, min(email_key)
    LIMIT 1000`;
  const conflicts: ModeSwitchConflict[] = duplicates.map((d) => ({ ...d, reason: "duplicate" as const }));

  const [{ remembered }] = await tx.$queryRaw<{ remembered: number }[]>`
    SELECT count(*)::int AS remembered FROM suppression WHERE workspace_id = ${workspace.id} AND remembered_email_hash IS NOT NULL`;
  if (remembered > 0) {
    // Hashes are computed here, not in SQL, so walk the living emails in batches.
    let after = "";
    for (;;) {
      const page = await tx.$queryRaw<{ cio_id: string; email: string; email_key: string }[]>`
        SELECT cio_id, email, email_key FROM person
        WHERE workspace_id = ${workspace.id} AND email_key IS NOT NULL AND cio_id > ${after}
        ORDER BY cio_id LIMIT ${SCAN_BATCH}`;
      if (!page.length) break;
      after = page[page.length - 1].cio_id;
      const byHash = new Map(page.map((p) => [hashIdentifier(workspace, "email", p.email_key), p]));
      const hits = await tx.$queryRaw<{ hash: string }[]>`
        SELECT DISTINCT remembered_email_hash AS hash FROM suppression
        WHERE workspace_id = ${workspace.id} AND remembered_email_hash = ANY(${[...byHash.keys()]}::text[])`;
      for (const { hash } of hits) {
        const person = byHash.get(hash)!;
        if (!conflicts.some((c) => c.email.toLowerCase() === person.email_key)) {
          conflicts.push({ email: person.email, count: 1, reason: "suppressed" });
        }
      }
    }
  }
  const [{ distinct }] = await tx.$queryRaw<{ distinct: number }[]>`
    SELECT count(DISTINCT remembered_email_hash)::int AS distinct FROM suppression
    WHERE workspace_id = ${workspace.id} AND remembered_email_hash IS NOT NULL`;
  return { conflicts, suppressedEmailsToActivate: distinct };
}

// Switches ID-only → email-or-ID in one transaction: refuses (ok: false) with the conflicting emails,
// otherwise claims every living person's email and suppresses the remembered emails.
export async function switchIdentificationMode(options: {
  workspace: Workspace;
  to: "email_or_id";
  actor: Actor;
}): Promise<{ ok: true; activated: number } | { ok: false; conflicts: ModeSwitchConflict[] }> {
  if (options.to !== "email_or_id") throw new ValidationError("only a switch to email_or_id is offered");
  const result = await db.$transaction(
    async (tx) => {
      // Blocks identify, delete and suppress (they hold FOR SHARE) until the switch commits.
      const [current] = await tx.$queryRaw<{ mode: Workspace["identificationMode"] }[]>`
        SELECT identification_mode::text AS mode FROM workspace WHERE id = ${options.workspace.id} FOR UPDATE`;
      if (!current) throw new ValidationError("workspace not found");
      if (current.mode === "email_or_id") return { ok: true as const, activated: 0 };
      const workspace = { ...options.workspace, identificationMode: "id" as const };
      const { conflicts } = await findSwitchBlockers(tx, workspace);
      if (conflicts.length) return { ok: false as const, conflicts };

      let after = "";
      for (;;) {
        const page = await tx.$queryRaw<{ cio_id: string; email_key: string }[]>`
          SELECT cio_id, email_key FROM person
          WHERE workspace_id = ${workspace.id} AND email_key IS NOT NULL AND cio_id > ${after}
          ORDER BY cio_id LIMIT ${SCAN_BATCH}`;
        if (!page.length) break;
        after = page[page.length - 1].cio_id;
        const inserted = await insertEmailClaims(
          tx,
          workspace.id,
          page.map((p) => ({ cioId: p.cio_id, hash: hashIdentifier(workspace, "email", p.email_key) })),
        );
        if (inserted !== page.length) throw new Error("email claims conflicted after the conflict check");
      }
      const activated = await activateRememberedEmails(tx, workspace.id);
      await tx.$executeRaw`UPDATE workspace SET identification_mode = 'email_or_id', updated_at = now() WHERE id = ${workspace.id}`;
      await recordAudit({
        tx,
        workspaceId: workspace.id,
        actor: options.actor,
        action: "workspace.switch_identification_mode",
        count: activated,
        details: { from: "id", to: "email_or_id", suppressedEmailsActivated: activated },
      });
      return { ok: true as const, activated };
    },
    { timeout: 600_000 },
  );
  // API requests parse identifiers by the mode cached with their key: make them read the new one.
  if (result.ok) workspaceChanged();
  return result;
}
