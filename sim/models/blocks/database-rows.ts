import { byCodeUnits } from '../../kernel/string-order.js';
import type { Micros } from '../../kernel/time.js';
import type { TimerId } from '../../world/ids.js';
import type { NodeContext } from '../../world/model.js';

/**
 * The database block's rows and how a commit becomes durable (`durability`):
 *
 * - `memory`: rows live in volatile memory only; a commit applies at once and a crash loses every row.
 * - `fsync`: each commit writes its rows to `ctx.disk` and fsyncs (taking `fsyncTime`) before it
 *   applies and answers (InnoDB's `innodb_flush_log_at_trx_commit = 1`, Postgres `synchronous_commit`).
 * - `wal`: commits wait in a log buffer that is written and fsynced as one group every
 *   `walSyncEvery` (group commit); each is applied and answered only after its group's sync.
 * - `snapshot`: a commit applies and is answered at once, and the rows changed since the last
 *   snapshot are written and fsynced every `snapshotEvery` (Redis RDB snapshots, `appendfsync
 *   everysec`, InnoDB's `innodb_flush_log_at_trx_commit = 2`): a crash loses what was committed
 *   since the last snapshot, acknowledged or not.
 *
 * On disk, a row is `rows/<key>` (its value) and `versions/<key>` (its version, kept after a
 * delete so a re-created row never reuses an old version), and with fencing `fences/<key>` (the
 * highest fencing token it has seen, database-fencing.ts). The redo log of `wal` is not kept as
 * separate records: what a replay would rebuild is written as those row images when the group
 * syncs, which is the state a crash recovers either way. Rows are rebuilt from disk on boot.
 */
export const ROWS = 'rows/';
export const VERSIONS = 'versions/';
export const FENCES = 'fences/';

export interface Row {
  value: unknown;
  version: number;
  deleted: boolean;
  /** The highest fencing token the row has seen (database-fencing.ts); undefined without fencing. */
  fence?: number | undefined;
}

export type Durability = 'memory' | 'fsync' | 'wal' | 'snapshot';

interface Pending {
  writes: ReadonlyMap<string, Row>;
  done: () => void;
}

export class RowStore {
  private readonly rows = new Map<string, Row>();
  private live = 0;
  private group: Pending[] = [];
  private groupTimer: TimerId | undefined;
  /** snapshot: the rows committed since the last snapshot, by key (the latest image of each). */
  private dirty = new Map<string, Row>();

  constructor(
    private readonly ctx: NodeContext,
    private readonly durability: Durability,
    /** One fsync's duration, drawn per sync. */
    private readonly fsyncUs: () => Micros,
    private readonly walSyncEveryUs: Micros,
    private readonly snapshotEveryUs: Micros,
  ) {}

  /** Rebuilds the rows from disk (nothing, for a database that never wrote there); returns how many are live. */
  boot(): number {
    const disk = this.ctx.disk;
    if (this.durability === 'snapshot') this.ctx.after(this.snapshotEveryUs, () => this.snapshot());
    for (const k of disk.keys(VERSIONS)) {
      const key = k.slice(VERSIONS.length);
      const value = disk.read(ROWS + key);
      const fence = disk.read<number>(FENCES + key);
      this.set(key, { value: value ?? null, version: disk.read<number>(k) ?? 0, deleted: value === undefined, fence });
    }
    return this.live;
  }

  /** The committed row (a deleted one keeps its version), or undefined for a key never written. */
  get(key: string): Row | undefined {
    return this.rows.get(key);
  }

  get liveCount(): number {
    return this.live;
  }

  /** Committed live rows, in key order. */
  liveRows(): [string, Row][] {
    return [...this.rows].filter(([, r]) => !r.deleted).sort(([a], [b]) => byCodeUnits(a, b));
  }

  /** Commits buffered writes: once durable as `durability` says, applies them and calls `done`. */
  commit(writes: ReadonlyMap<string, Row>, done: () => void): void {
    if (this.durability === 'memory') return this.apply({ writes, done });
    if (this.durability === 'snapshot') {
      for (const [key, row] of writes) this.dirty.set(key, row);
      return this.apply({ writes, done });
    }
    if (this.durability === 'fsync') {
      this.write(writes);
      return this.sync([{ writes, done }]);
    }
    this.group.push({ writes, done });
    this.groupTimer ??= this.ctx.after(this.walSyncEveryUs, () => {
      const group = this.group;
      this.group = [];
      this.groupTimer = undefined;
      for (const c of group) this.write(c.writes);
      this.sync(group);
    });
  }

  /** Commits waiting for their group's sync. */
  get awaitingSync(): number {
    return this.group.length;
  }

  /** Writes the rows changed since the last snapshot and fsyncs (after one fsync's time), then schedules the next. */
  private snapshot(): void {
    this.ctx.after(this.snapshotEveryUs, () => this.snapshot());
    if (this.dirty.size === 0) return;
    this.write(this.dirty);
    this.dirty = new Map();
    const us = this.fsyncUs();
    if (us <= 0) this.ctx.disk.fsync();
    else this.ctx.after(us, () => this.ctx.disk.fsync());
  }

  private write(writes: ReadonlyMap<string, Row>): void {
    const disk = this.ctx.disk;
    for (const [key, row] of writes) {
      if (row.deleted) disk.delete(ROWS + key);
      else disk.write(ROWS + key, row.value);
      disk.write(VERSIONS + key, row.version);
      if (row.fence !== undefined) disk.write(FENCES + key, row.fence);
    }
  }

  /** Fsyncs after one fsync's time (a crash before then loses the writes, unanswered), then applies. */
  private sync(commits: Pending[]): void {
    const finish = () => {
      this.ctx.disk.fsync();
      for (const c of commits) this.apply(c);
    };
    const us = this.fsyncUs();
    if (us <= 0) finish();
    else this.ctx.after(us, finish);
  }

  private apply(c: Pending): void {
    for (const [key, row] of c.writes) this.set(key, row);
    c.done();
  }

  private set(key: string, row: Row): void {
    const before = this.rows.get(key);
    this.live += (row.deleted ? 0 : 1) - (before === undefined || before.deleted ? 0 : 1);
    this.rows.set(key, row);
  }
}
