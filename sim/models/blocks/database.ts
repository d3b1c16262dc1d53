import { z } from 'zod';
import { Deque } from '../../kernel/deque.js';
import type { Micros } from '../../kernel/time.js';
import { formatMicros, ms, seconds } from '../../kernel/time.js';
import { duration, MAX_DURATION_US, positiveDuration } from '../../units/human-units.js';
import type { NodeId, TimerId } from '../../world/ids.js';
import { latencySchema, sampleLatency } from '../../world/latency.js';
import type { NodeContext } from '../../world/model.js';
import { defineModel } from '../registry.js';
import { isRequest, type Request, type Response, reply } from '../rpc.js';
import { LockTable, type LockOwner } from './database-locks.js';
import { type Row, RowStore } from './database-rows.js';
import { fence, fencingSchema } from './database-fencing.js';
import { fill, fillValue } from './service-steps.js';
import { injectedError, serviceTime } from './capacity-faults.js';

/**
 * A relational database's row store, as one node: keyed rows with versions, MySQL InnoDB
 * semantics for locking. Plain reads are consistent non-locking reads (they see committed rows
 * and never wait); every write, and every op inside a transaction, takes the row's exclusive lock
 * and keeps it to commit (two-phase locking, as SELECT ... FOR UPDATE and UPDATE do). A lock that
 * cannot be granted waits up to `lockWaitTimeout` (`innodb_lock_wait_timeout`, default 50 s), then
 * the transaction rolls back with `1205 lock wait timeout exceeded` (here the whole transaction,
 * as with `innodb_rollback_on_timeout`); a wait cycle is detected the moment it forms and the
 * youngest transaction in it rolls back with `1213 deadlock found`. Both are retryable.
 * Conditional puts compare versions (optimistic concurrency control: a stale version is
 * `409 version conflict`); inserts enforce a unique key (`409 duplicate key`). With `fencing`, a
 * write carrying a fencing token below the highest its row has seen is refused (database-fencing.ts).
 *
 * A request holds one of `connections` (MySQL's `max_connections`, default 151) from the moment it
 * is taken until it is answered, lock waits and commit syncs included, so blocked transactions
 * exhaust the pool as they do in production; more wait in a FIFO queue of `queueSize`, beyond which
 * `503 too many connections`. Durability per commit: database-rows.ts. Capacity faults apply:
 * query time × slowdown + extra (fsync time × slowdown), connections × capacity (or an
 * autoscaler's number), and errors answer that share of requests at once.
 */

/** Bounds on what a scenario or a request may ask for (documented in scenario-format.md#database). */
export const MAX_CONNECTIONS = 100_000;
export const MAX_QUEUE_SIZE = 1_000_000;
export const MAX_TX_OPS = 1_000;
export const MAX_KEY_LENGTH = 1_000;
export const MAX_PROCEDURES = 100;
const MAX_TX_ID_LENGTH = 200;
const MAX_VERSION = Number.MAX_SAFE_INTEGER;

const TX_OPS = ['lock', 'get', 'put', 'put-if', 'insert', 'delete'] as const;
type TxOpName = (typeof TX_OPS)[number];
/** Request `f`s the database answers itself; procedure names must not shadow them. */
const RESERVED = new Set<string>([...TX_OPS, 'tx', 'health']);

const version = z.number().int().min(0).max(MAX_VERSION);
/** A put-if's value. No version (null, or absent: what a read that found no row gives) means 0, the row must not exist. */
const conditional = z.strictObject({ value: z.unknown(), version: version.nullish() });

/** One op of a `tx` request, as it arrives. */
const txOpSchema = z.strictObject({ f: z.enum(TX_OPS), key: z.string().min(1).max(MAX_KEY_LENGTH), value: z.unknown().optional() }).superRefine((op, c) => {
  if (op.f === 'put-if' && !conditional.safeParse(op.value).success) {
    c.addIssue({ code: 'custom', path: ['value'], message: 'put-if needs a value { value, version }' });
  }
});
type TxOp = z.output<typeof txOpSchema>;

/** A `tx` request's value; `hold` may be a duration (`50ms`) or whole microseconds. */
const txRequestSchema = z.strictObject({
  id: z.string().min(1).max(MAX_TX_ID_LENGTH).optional(),
  ops: z.array(txOpSchema).min(1).max(MAX_TX_OPS),
  hold: z.union([duration, z.number().int().min(0).max(MAX_DURATION_US)]).default(0),
});

/** A procedure's put-if value, before its templates are filled. */
const conditionalTemplate = z.strictObject({ value: z.unknown(), version: z.union([version, z.string()]).nullish() });

/** A procedure's op in the scenario file: text fields are templates over the request's `{key}` and `{value}`. */
const procedureOpSchema = z
  .strictObject({
    f: z.enum(TX_OPS),
    key: z.string().min(1).max(MAX_KEY_LENGTH).default('{key}'),
    /** Default for put and insert: the request's value. */
    value: z.unknown().optional(),
  })
  .superRefine((op, c) => {
    if (op.f === 'put-if' && !conditionalTemplate.safeParse(op.value).success) {
      c.addIssue({ code: 'custom', path: ['value'], message: 'put-if needs a value { value, version } (version: a whole number or a template)' });
    }
  });

const procedureSchema = z.strictObject({
  ops: z.array(procedureOpSchema).min(1).max(MAX_TX_OPS),
  /** Hold the locks this long after the last op, before commit (a batch doing work). */
  hold: duration.default(0),
});

const queryTimesSchema = z.strictObject({
  get: latencySchema.optional(),
  put: latencySchema.optional(),
  'put-if': latencySchema.optional(),
  insert: latencySchema.optional(),
  delete: latencySchema.optional(),
  lock: latencySchema.optional(),
});

export const databaseParams = z.strictObject({
  /** Requests worked on at once (a connection each); the rest wait in the queue. */
  connections: z.number().int().min(1).max(MAX_CONNECTIONS).default(151),
  /** Requests that may wait for a connection; one more is `503 too many connections`. */
  queueSize: z.number().int().min(0).max(MAX_QUEUE_SIZE).default(1000),
  /** Time one op takes on its connection, once it has its lock. */
  queryTime: latencySchema.default({ dist: 'uniform', min: ms(1), max: ms(3) }),
  /** Per-op overrides of `queryTime`. */
  queryTimes: queryTimesSchema.default({}),
  lockWaitTimeout: positiveDuration.default(seconds(50)),
  durability: z.enum(['memory', 'fsync', 'wal', 'snapshot']).default('fsync'),
  /** One fsync's duration (fsync: per commit; wal: per group; snapshot: per snapshot). */
  fsyncTime: latencySchema.default({ dist: 'constant', value: 0 }),
  /** wal: how often the log buffer is written and fsynced (group commit). */
  walSyncEvery: positiveDuration.default(ms(10)),
  /** snapshot: how often the rows changed since the last snapshot are written and fsynced (on the node's clock). */
  snapshotEvery: positiveDuration.default(seconds(1)),
  /** Refuse writes whose fencing token is below the highest their row has seen. */
  fencing: fencingSchema.optional(),
  /** Named transactions a client can run by op name (stored procedures). */
  procedures: z
    .record(
      z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, { error: "expected a procedure name starting with a letter (letters, digits, '.', '-', '_')" })
        .max(100)
        .refine((n) => !RESERVED.has(n), {
          error: 'it is an op the database answers itself (get, put, put-if, insert, delete, lock, tx, health)',
        }),
      procedureSchema,
    )
    .refine((r) => Object.keys(r).length <= MAX_PROCEDURES, { error: `expected at most ${MAX_PROCEDURES} procedures` })
    .default({}),
});
export type DatabaseParams = z.output<typeof databaseParams>;

type Answer = Omit<Response, 't' | 'rid'>;
type Plan = { kind: 'read'; key: string } | { kind: 'tx'; id?: string; ops: TxOp[]; holdUs: Micros; autocommit: boolean };

interface Job {
  from: NodeId;
  req: Request;
  plan: Plan;
}

interface Tx extends LockOwner {
  readonly job: Job;
  readonly ops: TxOp[];
  readonly holdUs: Micros;
  /** Buffered writes, applied at commit; later ops of the tx read them. */
  readonly writes: Map<string, Row>;
  readonly results: unknown[];
  next: number;
  waitSinceUs: Micros;
  waitTimer?: TimerId;
  done: boolean;
}

const LOCK_TIMEOUT: Answer = { ok: false, error: '1205 lock wait timeout exceeded', retryable: true };
const DEADLOCK: Answer = { ok: false, error: '1213 deadlock found', retryable: true };

export const database = defineModel({
  name: 'database',
  summary:
    'keyed rows with versions: get, put, conditional put (OCC), insert, delete, transactions with row locks (lock-wait timeout, deadlocks); a connection pool; memory, fsync, WAL or snapshot durability',
  params: databaseParams,
  create: (p) => (ctx) => runDatabase(ctx, p),
});

function runDatabase(ctx: NodeContext, p: DatabaseParams) {
  const errorDraws = ctx.stream('errors');
  const queryDraws = ctx.stream('queries');
  const queue = new Deque<Job>();
  const locks = new LockTable<Tx>();
  const active = new Map<string, Tx>();
  let busy = 0;
  let txSeq = 0;
  let pumping = false;

  const store = new RowStore(
    ctx,
    p.durability,
    () => Math.round(sampleLatency(p.fsyncTime, queryDraws) * ctx.conditions().slowdown),
    p.walSyncEvery,
    p.snapshotEvery,
  );

  const connections = (): number => {
    const c = ctx.conditions();
    return Math.max(0, Math.floor((c.workers ?? p.connections) * c.capacity));
  };
  const gauges = () => {
    ctx.metric.gauge('connections', busy);
    ctx.metric.gauge('queued', queue.length);
    ctx.metric.gauge('lock-waits', locks.waitingCount);
  };
  const queryTime = (f: TxOpName): Micros => serviceTime(ctx, p.queryTimes[f] ?? p.queryTime, queryDraws);
  const answer = (from: NodeId, req: Request, a: Answer) => {
    reply(ctx, from, req, a);
    if (!a.ok) ctx.metric.count('errors');
  };

  // --- the connection pool ---

  const pump = (): void => {
    if (pumping) return;
    pumping = true;
    while (busy < connections() && queue.length > 0) start(queue.popFront()!);
    pumping = false;
    gauges();
  };
  const finish = (job: Job, a: Answer): void => {
    answer(job.from, job.req, a);
    busy--;
    pump();
  };
  const start = (job: Job): void => {
    busy++;
    const plan = job.plan;
    if (plan.kind === 'read') {
      ctx.after(queryTime('get'), () => finish(job, { ok: true, value: shown(store.get(plan.key)) }));
      return;
    }
    begin(job, plan);
  };

  // --- transactions ---

  /** `tx-7` (`tx-1.7` after a restart), skipping a name a caller gave a tx still running. */
  const nameFor = (seq: number): string => {
    const base = `tx-${ctx.incarnation > 0 ? `${ctx.incarnation}.` : ''}${seq}`;
    let id = base;
    for (let n = 2; active.has(id); n++) id = `${base}#${n}`;
    return id;
  };
  const begin = (job: Job, plan: Extract<Plan, { kind: 'tx' }>): void => {
    if (plan.id !== undefined && active.has(plan.id)) return finish(job, { ok: false, error: `409 transaction ${plan.id} already active`, retryable: true });
    const seq = ++txSeq;
    const tx: Tx = {
      id: plan.id ?? nameFor(seq),
      seq,
      held: new Set(),
      job,
      ops: plan.ops,
      holdUs: plan.holdUs,
      writes: new Map(),
      results: [],
      next: 0,
      waitSinceUs: 0,
      done: false,
    };
    active.set(tx.id, tx);
    step(tx);
  };

  /** Runs the tx's next op: its lock first (waiting if need be), then its query time, then the op. */
  const step = (tx: Tx): void => {
    if (tx.next === tx.ops.length) {
      if (tx.holdUs > 0) ctx.after(tx.holdUs, () => commit(tx));
      else commit(tx);
      return;
    }
    const op = tx.ops[tx.next]!;
    if (locks.acquire(tx, op.key, () => granted(tx, op))) work(tx, op);
    else wait(tx, op);
  };

  const work = (tx: Tx, op: TxOp): void => {
    ctx.after(queryTime(op.f), () => {
      if (tx.done) return;
      const r = applyOp(tx, op);
      if (!r.ok) return end(tx, r);
      tx.results.push(r.value ?? null);
      tx.next++;
      step(tx);
    });
  };

  const wait = (tx: Tx, op: TxOp): void => {
    tx.waitSinceUs = ctx.monotonic();
    tx.waitTimer = ctx.after(p.lockWaitTimeout, () => {
      if (tx.done || tx.waitingOn !== op.key) return;
      ctx.metric.count('lock-timeouts');
      ctx.note(`${tx.id} waited ${formatMicros(p.lockWaitTimeout)} for the lock on ${op.key}: rolled back (1205)`);
      waitEnded(tx, op.key, 'timeout');
      end(tx, LOCK_TIMEOUT);
    });
    gauges();
    const cycle = locks.cycleFrom(tx);
    if (cycle === undefined) return;
    const victim = cycle.reduce((a, b) => (b.seq > a.seq ? b : a));
    const ids = cycle.map((t) => t.id);
    ctx.effect('deadlock', victim.id, { cycle: ids });
    ctx.metric.count('deadlocks');
    ctx.note(`deadlock: ${[...ids, ids[0]].join(' → ')}; rolls back ${victim.id}, the youngest (1213)`);
    waitEnded(victim, victim.waitingOn!, 'deadlock');
    end(victim, DEADLOCK);
  };

  const granted = (tx: Tx, op: TxOp): void => {
    waitEnded(tx, op.key, 'granted');
    work(tx, op);
  };

  const waitEnded = (tx: Tx, key: string, outcome: 'granted' | 'timeout' | 'deadlock'): void => {
    if (tx.waitTimer !== undefined) ctx.cancelTimer(tx.waitTimer);
    tx.waitTimer = undefined;
    ctx.effect('lock-wait', key, { tx: tx.id, waitedUs: ctx.monotonic() - tx.waitSinceUs, outcome });
    gauges();
  };

  const commit = (tx: Tx): void => {
    if (tx.done) return;
    if (tx.writes.size === 0) return end(tx, { ok: true, value: txAnswer(tx) });
    store.commit(tx.writes, () => {
      for (const [key, row] of tx.writes)
        ctx.effect('write', key, row.deleted ? { value: null, version: row.version, deleted: true } : { value: row.value, version: row.version });
      end(tx, { ok: true, value: txAnswer(tx) });
    });
  };

  /** Ends the tx (committed, or rolled back: its buffered writes dropped), releases its locks, answers. */
  const end = (tx: Tx, a: Answer): void => {
    tx.done = true;
    active.delete(tx.id);
    locks.releaseAll(tx);
    finish(tx.job, a);
  };

  const txAnswer = (tx: Tx): unknown => (tx.job.plan.kind === 'tx' && tx.job.plan.autocommit ? tx.results[0] : { id: tx.id, results: tx.results });

  /** One op against the tx's view (its own writes over the committed rows). */
  const applyOp = (tx: Tx, op: TxOp): { ok: true; value?: unknown } | Answer => {
    const row = tx.writes.get(op.key) ?? store.get(op.key);
    const live = row !== undefined && !row.deleted;
    const nextVersion = (row?.version ?? 0) + 1;
    const write = (value: unknown, deleted = false) => {
      const fenced = fence(p.fencing, row, deleted ? undefined : value);
      if (!fenced.ok) {
        ctx.note(`refuses a ${op.f} of ${op.key} from ${tx.job.from} (${tx.id}): ${fenced.error}`);
        return fenced;
      }
      tx.writes.set(op.key, { value: deleted ? null : (value ?? null), version: nextVersion, deleted, fence: fenced.fence });
      return { ok: true as const, value: { version: nextVersion } };
    };
    switch (op.f) {
      case 'lock':
        return { ok: true };
      case 'get':
        return { ok: true, value: shown(row) };
      case 'put':
        return write(op.value);
      case 'put-if': {
        const c = op.value as { value: unknown; version?: number | null };
        if ((live ? row.version : 0) !== (c.version ?? 0)) return { ok: false, error: '409 version conflict', retryable: false };
        return write(c.value);
      }
      case 'insert':
        return live ? { ok: false, error: '409 duplicate key', retryable: false } : write(op.value);
      case 'delete':
        return live ? write(null, true) : { ok: true };
    }
  };

  // --- requests ---

  /** What the request asks for, or the 400 answer it gets. */
  const plan = (req: Request): Plan | Answer => {
    const bad = (why: string): Answer => ({ ok: false, error: `400 bad request: ${why}`, retryable: false });
    if (typeof req.key !== 'string' || req.key.length === 0 || req.key.length > MAX_KEY_LENGTH) return bad(`a key of 1 to ${MAX_KEY_LENGTH} characters`);
    if (req.f === 'get') return { kind: 'read', key: req.key };
    if (req.f === 'put' || req.f === 'insert' || req.f === 'delete' || req.f === 'put-if') {
      if (req.f === 'put-if' && !conditional.safeParse(req.value).success) return bad('put-if needs a value { value, version }');
      return { kind: 'tx', ops: [{ f: req.f, key: req.key, value: req.value }], holdUs: 0, autocommit: true };
    }
    if (req.f === 'tx') {
      const r = txRequestSchema.safeParse(req.value);
      if (!r.success) {
        const i = r.error.issues[0]!;
        return bad(`tx ${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`);
      }
      return { kind: 'tx', id: r.data.id, ops: r.data.ops, holdUs: r.data.hold, autocommit: false };
    }
    if (Object.hasOwn(p.procedures, req.f)) {
      const proc = p.procedures[req.f]!;
      const vars = new Map<string, unknown>([
        ['key', req.key],
        ['value', req.value],
      ]);
      const ops: TxOp[] = [];
      for (const o of proc.ops) {
        const value = o.value === undefined ? (o.f === 'put' || o.f === 'insert' ? req.value : undefined) : fillValue(o.value, vars);
        const op = txOpSchema.safeParse({ f: o.f, key: String(fill(o.key, vars)), value });
        if (!op.success) return bad(`procedure ${req.f}: ${op.error.issues[0]!.message}`);
        ops.push(op.data);
      }
      return { kind: 'tx', ops, holdUs: proc.hold, autocommit: false };
    }
    if (req.f === 'lock') return bad('lock is an op inside a tx');
    return { ok: false, error: `400 unknown operation '${req.f}'`, retryable: false };
  };

  return {
    onStart() {
      const n = store.boot();
      if (n > 0) ctx.note(`rebuilds ${n} rows from disk`);
      gauges();
    },
    onMessage(from: NodeId, msg: unknown) {
      if (!isRequest(msg)) return;
      if (msg.f === 'health') return reply(ctx, from, msg, { ok: true });
      ctx.metric.count('queries');
      const what = plan(msg);
      if ('ok' in what) return answer(from, msg, what);
      const injected = injectedError(ctx.conditions(), errorDraws);
      if (injected !== undefined) return answer(from, msg, injected);
      if (queue.length >= p.queueSize && busy >= connections()) {
        ctx.metric.count('rejected');
        return answer(from, msg, { ok: false, error: '503 too many connections', retryable: true });
      }
      queue.pushBack({ from, req: msg, plan: what });
      pump();
    },
    // More connections now (a capacity fault ended, an autoscaler added some): take queued work.
    onConditions: pump,
    inspect: () => {
      const rows = store.liveRows();
      return {
        rows: Object.fromEntries(rows.map(([k, r]) => [k, r.value])),
        versions: Object.fromEntries(rows.map(([k, r]) => [k, r.version])),
        busy,
        queued: queue.length,
        waiting: locks.waitingCount,
        transactions: active.size,
      };
    },
  };
}

/** A row as a read answers it: `{ value, version }`, or null when there is none. */
const shown = (row: Row | undefined): { value: unknown; version: number } | null =>
  row === undefined || row.deleted ? null : { value: row.value, version: row.version };
