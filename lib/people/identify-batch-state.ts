// The batch as identify plans it: claims and people as read, changed row by row, and the keys of the
// people it creates.
import type { Workspace } from "../generated/prisma/client";
import type { ClaimRow } from "../identity/find-claims";
import type { IdentifierKind } from "../identity/identifiers";
import { cioHintName, identifierHintName, rememberEventKey } from "../profile-keys/event-key-hints";
import { newProfileKeys, unwrapKey, type ProfileKeys } from "../profile-keys/sealing";
import { claimKey, memoHasher, type Hasher, type Named, type PersonRow, type Snapshot } from "./read-identify-snapshot";

// The batch as it stands while its rows are planned: claims and people as read, changed row by row.
export class BatchState {
  readonly claims = new Map<string, ClaimRow>();
  readonly people = new Map<string, PersonRow>();
  private readonly originalClaims = new Map<string, string | null>();
  readonly created = new Set<string>();
  readonly updated = new Set<string>();
  readonly activities: { cioId: string; type: "profile_created" | "attribute_change"; data: unknown }[] = [];
  // The keys of the people this batch creates, made when the write is planned.
  private readonly newKeys = new Map<string, ProfileKeys>();

  constructor(
    readonly workspace: Workspace,
    snapshot: Snapshot,
    readonly hash: Hasher = memoHasher(workspace),
  ) {
    for (const claim of snapshot.claims) {
      this.claims.set(claimKey(claim.kind, claim.valueHash), claim);
      this.originalClaims.set(claimKey(claim.kind, claim.valueHash), claim.cioId);
    }
    for (const person of snapshot.people) this.people.set(person.cioId, person);
  }

  take(kind: IdentifierKind, hash: string, cioId: string) {
    const key = claimKey(kind, hash);
    if (!this.originalClaims.has(key)) this.originalClaims.set(key, null); // checked free: it was read
    this.claims.set(key, { kind, valueHash: hash, cioId, suppressionId: null });
  }

  // A claim the person holds (not necessarily read: a cio_ call doesn't name the old values).
  release(kind: IdentifierKind, hash: string, holder: string) {
    const key = claimKey(kind, hash);
    if (!this.originalClaims.has(key)) this.originalClaims.set(key, holder);
    this.claims.delete(key);
  }

  newKeysOf(cioId: string): ProfileKeys {
    let keys = this.newKeys.get(cioId);
    if (!keys) this.newKeys.set(cioId, (keys = newProfileKeys(this.workspace)));
    return keys;
  }

  // The key a person's attribute snapshots are sealed under: a new person's own, or the one read.
  attributeKeyOf(cioId: string): Buffer {
    if (this.created.has(cioId)) return this.newKeysOf(cioId).attributeKey;
    const wrapped = this.people.get(cioId)?.attributeKey;
    const key = wrapped ? unwrapKey(this.workspace, Buffer.from(wrapped, "base64")) : null;
    if (!key) throw new Error("person has no readable attribute key");
    return key;
  }

  // After a write that created people: their event keys become this process's hints, so their first
  // events seal and insert in one statement.
  primeEventKeys(newKeys: { cio_id: string; id: string }[] | null) {
    if (!newKeys?.length) return;
    const { taken } = this.claimChanges();
    for (const { cio_id: cioId, id } of newKeys) {
      const keys = this.newKeys.get(cioId);
      if (!keys) continue;
      const hint = { keyId: id, key: keys.eventKey };
      rememberEventKey(cioHintName(this.workspace.id, cioId), hint);
      for (const claim of taken) if (claim.cioId === cioId) rememberEventKey(identifierHintName(this.workspace.id, claim.kind, claim.hash), hint);
    }
  }

  // The claims to release and to take: the difference between the claims as read and as planned.
  claimChanges(): { released: (Named & { cioId: string })[]; taken: (Named & { cioId: string })[] } {
    const released: (Named & { cioId: string })[] = [];
    const taken: (Named & { cioId: string })[] = [];
    for (const [key, before] of this.originalClaims) {
      const after = this.claims.get(key)?.cioId ?? null;
      if (before === after) continue;
      const [kind, hash] = key.split(":") as [IdentifierKind, string];
      if (before !== null) released.push({ kind, hash, cioId: before });
      if (after !== null) taken.push({ kind, hash, cioId: after });
    }
    return { released, taken };
  }
}
