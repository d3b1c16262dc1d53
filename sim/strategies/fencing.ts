/**
 * Fencing tokens (Kleppmann, "How to do distributed locking", 2016; Chubby's sequencers): the lock
 * service hands out strictly increasing tokens, kept durably so a restart never reissues one; the
 * storage remembers the highest token it has seen and rejects any write carrying a lower one.
 */
import type { DurableStorage } from '../world/storage.js';

export class FencingTokenIssuer {
  constructor(
    private readonly disk: DurableStorage,
    private readonly key = 'fencing/issued',
  ) {}

  /** The next token, synced to disk before it is handed out. */
  next(): number {
    const token = (this.disk.read<number>(this.key) ?? 0) + 1;
    this.disk.write(this.key, token);
    this.disk.fsync();
    return token;
  }

  get lastIssued(): number {
    return this.disk.read<number>(this.key) ?? 0;
  }
}

/**
 * Storage-side check. An equal token is accepted (the same holder writing again); a lower one is
 * rejected. With a disk, the highest token seen survives a crash (synced on every raise).
 */
export class FencingGuard {
  private highestInMemory = 0;

  constructor(
    private readonly disk?: DurableStorage,
    private readonly key = 'fencing/highest-seen',
  ) {}

  get highestSeen(): number {
    return this.disk === undefined ? this.highestInMemory : (this.disk.read<number>(this.key) ?? 0);
  }

  /** Accepts (and remembers) `token`, or returns false for a stale one. */
  check(token: number): boolean {
    const highest = this.highestSeen;
    if (token < highest) return false;
    if (token > highest) {
      this.highestInMemory = token;
      if (this.disk !== undefined) {
        this.disk.write(this.key, token);
        this.disk.fsync();
      }
    }
    return true;
  }
}
