import { setOwn } from '../units/record.js';

/**
 * A node's durable storage with an explicit fsync. Writes land in a buffer (the page cache)
 * that reads see at once; only `fsync()` makes them durable. A crash drops the buffer, so a
 * model that acknowledges before syncing loses acknowledged data, as real ones do.
 */
const DELETED = Symbol('deleted');

export class DurableStorage {
  private readonly durable = new Map<string, unknown>();
  private readonly unsynced = new Map<string, unknown>();

  read<T = unknown>(key: string): T | undefined {
    if (this.unsynced.has(key)) {
      const v = this.unsynced.get(key);
      return v === DELETED ? undefined : (v as T);
    }
    return this.durable.get(key) as T | undefined;
  }

  has(key: string): boolean {
    return this.read(key) !== undefined;
  }

  write(key: string, value: unknown): void {
    this.unsynced.set(key, value);
  }

  delete(key: string): void {
    this.unsynced.set(key, DELETED);
  }

  /** Keys currently visible (synced or not), sorted so iteration order is deterministic. */
  keys(prefix = ''): string[] {
    const out = new Set<string>();
    for (const k of this.durable.keys()) if (k.startsWith(prefix)) out.add(k);
    for (const [k, v] of this.unsynced) {
      if (!k.startsWith(prefix)) continue;
      if (v === DELETED) out.delete(k);
      else out.add(k);
    }
    return [...out].sort();
  }

  fsync(): void {
    for (const [k, v] of this.unsynced) {
      if (v === DELETED) this.durable.delete(k);
      else this.durable.set(k, v);
    }
    this.unsynced.clear();
  }

  get unsyncedCount(): number {
    return this.unsynced.size;
  }

  /** Called by the world when the node crashes. Returns how many writes were lost. */
  loseUnsynced(): number {
    const lost = this.unsynced.size;
    this.unsynced.clear();
    return lost;
  }

  /** The visible contents, for final-state checks and reports. */
  snapshot(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of this.keys()) setOwn(out, k, this.read(k));
    return out;
  }
}
