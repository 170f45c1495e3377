// Record ids (cio_ids; suppression, job and import ids): 20 random lowercase hex characters, cut
// from a pool the CSPRNG refills 256 ids at a time (as uuid does). One randomBytes call per id was
// 4.7% of the server's CPU in a v2 batch of new people (a profile of bench:api's batch phase).
import { randomFillSync } from "node:crypto";

const ID_BYTES = 10;
const pool = Buffer.alloc(ID_BYTES * 256);
let offset = pool.length;

export function randomHexId(): string {
  if (offset + ID_BYTES > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString("hex", offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}

const bytePool = Buffer.alloc(64 * 256);
let byteOffset = bytePool.length;

// n fresh random bytes (n ≤ 64) from a pool refilled like the ids': key material and IVs of sealed
// activity, one of each per event or new person on the hot path.
export function pooledRandomBytes(n: number): Buffer {
  if (n > 64) throw new RangeError("pooledRandomBytes serves at most 64 bytes");
  if (byteOffset + n > bytePool.length) {
    randomFillSync(bytePool);
    byteOffset = 0;
  }
  const bytes = Buffer.from(bytePool.subarray(byteOffset, byteOffset + n));
  byteOffset += n;
  return bytes;
}
