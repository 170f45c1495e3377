// Suppress by identifier (track API and staff): deletes the person holding the value (suppressing all
// their identifiers and forgetting their activity), or suppresses the bare value when nobody holds it;
// either way every earlier deleted profile that held the value is forgotten too. cio_<id> of a profile
// deleted earlier without suppression forgets that profile.
// It lives with deletion because it deletes; the suppression rows themselves are lib/suppression's.
import type { Workspace } from "../generated/prisma/client";
import { newReceiptId, recordAudit, type Actor } from "../audit/record-audit";
import { ValidationError } from "../errors";
import { findClaims } from "../identity/find-claims";
import { lockWorkspaceShared } from "../identity/lock-workspace";
import { RetryTransaction, transactionWithRetry } from "../identity/retry-transaction";
import { hashIdentifier, parseIdentifier, type IdentifierKind } from "../identity/identifiers";
import { findKeptEspEntries, type KeptEspEntries } from "./kept-esp-entries";
import { forgetDeletedProfile, forgetEarlierProfiles } from "../profile-keys/forget";
import { suppressBareValue } from "../suppression/suppress";
import { deletePeopleInTransaction } from "./delete-people";
import { emitIdentifierEvent } from "../outbox/emit";

// Idempotent: an identifier already suppressed is reported as such and nothing changes.
export async function suppressIdentifier(options: {
  workspace: Workspace;
  identifier: string;
  actor: Actor;
}): Promise<{ receiptId: string; deletedPerson: boolean }> {
  const { actor } = options;
  parseIdentifier(options.workspace, options.identifier);
  const receiptId = newReceiptId();
  const deletedPerson = await transactionWithRetry(async (tx) => {
    const workspace = await lockWorkspaceShared(tx, options.workspace);
    const target = parseIdentifier(workspace, options.identifier);
    let result: { deletedPerson: boolean; kind: IdentifierKind | "cio_id"; alreadySuppressed: boolean; earlierForgotten: number };
    // The deleted person's entries on the email suppression list, which stay: the certificate names them.
    let emailSuppressionList: KeptEspEntries = { total: 0, entries: [] };
    if (target.kind === "cio_id") {
      const { deleted, emailKeys } = await deletePeopleInTransaction({ workspace, cioIds: [target.cioId], suppress: true, actor, receiptId, tx });
      if (deleted) {
        emailSuppressionList = await findKeptEspEntries(tx, { workspaceId: workspace.id, emailKeys });
        result = { deletedPerson: true, kind: "cio_id", alreadySuppressed: false, earlierForgotten: 0 };
      } else if (await forgetDeletedProfile(tx, workspace.id, target.cioId)) {
        result = { deletedPerson: false, kind: "cio_id", alreadySuppressed: false, earlierForgotten: 1 };
      } else throw new ValidationError("unknown cio_ identifier");
    } else {
      const kind = target.kind;
      const hash = hashIdentifier(workspace, kind, kind === "email" ? target.key : target.value);
      const [claim] = await findClaims(tx, workspace.id, [{ kind, hash }]);
      if (claim?.suppressionId) {
        result = { deletedPerson: false, kind, alreadySuppressed: true, earlierForgotten: 0 };
      } else if (claim?.cioId) {
        const { deleted, earlierForgotten, emailKeys } = await deletePeopleInTransaction({ workspace, cioIds: [claim.cioId], suppress: true, actor, receiptId, tx });
        if (!deleted) throw new RetryTransaction("person vanished");
        emailSuppressionList = await findKeptEspEntries(tx, { workspaceId: workspace.id, emailKeys });
        result = { deletedPerson: true, kind, alreadySuppressed: false, earlierForgotten };
      } else {
        // A concurrent identify that claimed the value first wins the claim; we retry and delete them.
        if (!(await suppressBareValue(tx, { workspace, kind, value: target.value, hash, actor, receiptId }))) throw new RetryTransaction();
        const earlierForgotten = await forgetEarlierProfiles(tx, workspace.id, [{ kind, hash }]);
        await emitIdentifierEvent(tx, { workspace, type: "identifier.suppressed", identifiers: [{ kind, value: target.value }], actor, receiptId });
        result = { deletedPerson: false, kind, alreadySuppressed: false, earlierForgotten };
      }
    }
    await recordAudit({
      tx,
      workspaceId: workspace.id,
      actor,
      action: "identifier.suppress",
      count: result.deletedPerson ? 1 : 0,
      details: {
        kind: result.kind,
        deletedPerson: result.deletedPerson,
        alreadySuppressed: result.alreadySuppressed,
        ...(result.earlierForgotten ? { earlierForgotten: result.earlierForgotten } : {}),
        emailSuppressionList,
      },
      receiptId,
    });
    return result.deletedPerson;
  });
  return { receiptId, deletedPerson };
}
