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
