import { Deque } from '../../kernel/deque.js';

/**
 * The database block's row locks: exclusive, granted in FIFO order per row, re-entrant for the
 * transaction holding them, with a waits-for graph for deadlock detection (InnoDB semantics:
 * locks are held to the end of the transaction, two-phase locking).
 *
 * With exclusive locks only and one wait per transaction at a time, a wait cycle can only form
 * when a transaction starts to wait (a grant gives the lock to a transaction that is running, and
 * a running transaction closes no cycle), so following "waits for the owner of" edges from the new
 * waiter finds every cycle, at the moment it forms.
 */
export interface LockOwner {
  readonly id: string;
  /** Begin order: the highest in a cycle is the youngest, InnoDB's victim here. */
  readonly seq: number;
  /** Rows locked, in the order they were granted (released in that order). */
  readonly held: Set<string>;
  /** The row this transaction waits for, while it waits. */
  waitingOn?: string;
}

interface Waiter<T extends LockOwner> {
  tx: T;
  /** A waiter that timed out or was rolled back stays in the queue, skipped when it comes up. */
  cancelled: boolean;
  grant: () => void;
}

interface RowLock<T extends LockOwner> {
  owner: T;
  waiters: Deque<Waiter<T>>;
}

export class LockTable<T extends LockOwner> {
  private readonly locks = new Map<string, RowLock<T>>();
  private readonly waiting = new Map<T, Waiter<T>>();

  /** Transactions waiting for a lock right now. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  /** Rows locked right now. */
  get lockedCount(): number {
    return this.locks.size;
  }

  /**
   * Takes the row's lock for `tx`: true when granted at once (free, or already `tx`'s); false when
   * `tx` now waits, and `grant` runs when the lock is handed to it.
   */
  acquire(tx: T, key: string, grant: () => void): boolean {
    const lock = this.locks.get(key);
    if (lock === undefined) {
      this.locks.set(key, { owner: tx, waiters: new Deque() });
      tx.held.add(key);
      return true;
    }
    if (lock.owner === tx) return true;
    const w: Waiter<T> = { tx, cancelled: false, grant };
    lock.waiters.pushBack(w);
    this.waiting.set(tx, w);
    tx.waitingOn = key;
    return false;
  }

  /**
   * The wait cycle `tx` closed by waiting, in waits-for order starting with `tx`, or undefined.
   * Bounded by the number of waiting transactions: every step passes a distinct one.
   */
  cycleFrom(tx: T): T[] | undefined {
    const cycle: T[] = [tx];
    let cur = this.ownerOf(tx.waitingOn);
    for (let steps = 0; cur !== undefined && cur !== tx && steps <= this.waiting.size; steps++) {
      cycle.push(cur);
      cur = this.ownerOf(cur.waitingOn);
    }
    return cur === tx ? cycle : undefined;
  }

  /** Stops `tx` waiting (timed out, rolled back); its queue entry is skipped when it comes up. */
  stopWaiting(tx: T): void {
    const w = this.waiting.get(tx);
    if (w === undefined) return;
    w.cancelled = true;
    this.waiting.delete(tx);
    tx.waitingOn = undefined;
  }

  /** Releases every lock `tx` holds, in the order it took them, handing each to its next waiter. */
  releaseAll(tx: T): void {
    this.stopWaiting(tx);
    const granted: Waiter<T>[] = [];
    for (const key of tx.held) {
      const lock = this.locks.get(key);
      if (lock === undefined || lock.owner !== tx) continue;
      let next = lock.waiters.popFront();
      while (next?.cancelled) next = lock.waiters.popFront();
      if (next === undefined) {
        this.locks.delete(key);
        continue;
      }
      lock.owner = next.tx;
      this.waiting.delete(next.tx);
      next.tx.waitingOn = undefined;
      next.tx.held.add(key);
      granted.push(next);
    }
    tx.held.clear();
    // Handed over first, told afterwards: a grant's continuation sees a consistent table.
    for (const w of granted) w.grant();
  }

  private ownerOf(key: string | undefined): T | undefined {
    return key === undefined ? undefined : this.locks.get(key)?.owner;
  }
}
