// Transactions that meet a concurrent claim, deadlock or serialization failure run again from the
// start: identify, delete/suppress, events and the demo seed use this.
import { db, type Tx } from "../db";
import { databaseErrorCode } from "../errors";

// Someone else took an identifier between our read and our write: undo this attempt and try again.
export class RetryTransaction extends Error {
  constructor(reason = "identifier claim conflict") {
    super(reason);
    this.name = "RetryTransaction";
  }
}

export const MAX_ATTEMPTS = 25;

// Conflicts that a fresh attempt resolves: our own retry signal, deadlocks, serialization failures,
// and unique violations from a concurrent insert of the same value.
export function isRetryable(error: unknown): boolean {
  if (error instanceof RetryTransaction) return true;
  const code = databaseErrorCode(error);
  if (code === "40P01" || code === "40001" || code === "23505") return true;
  return (error as { code?: string })?.code === "P2002" || (error as { code?: string })?.code === "P2034";
}

// Runs fn in its own transaction, again from the start while it hits a retryable conflict.
export async function transactionWithRetry<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(fn);
    } catch (error) {
      if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
    }
  }
}
