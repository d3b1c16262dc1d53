import type { CheckInput } from '../sim/checks/index.js';
import { type RandomStream, RandomStreams, randomInt } from '../sim/kernel/random.js';
import type { Micros } from '../sim/kernel/time.js';
import { type Effect, History } from '../sim/world/history.js';
import type { ExecutedFault, ExecutedTimeline, NodeInterval } from '../sim/world/timeline.js';

/**
 * A synthetic run for the checks bench (bench/checks.ts) and the checks' same-verdict test: the
 * history and effects a real run of a shop records, built from a seeded stream, so every check has
 * work shaped like a real run's, in proportion to the number of operations.
 *
 * Forty clients send `opsPerSecond` requests in all: charges (a retry reuses the order's key after
 * an unknown or failed answer, so an unknown charge retried is charged twice), register reads,
 * writes and compare-and-sets (one key per 200 operations, played against a real register, so the
 * history is linearizable), seat reservations (kept on db's disk unless a crash of db took them
 * before they were synced) and uploads (a row, then its file; a few files late or missing, half of those rows then removed).
 * Latencies run from 2 ms to a 1 s timeout (an `info`); 2 % fail; the last half second leaves some
 * open. A lock service grants a lease (renewed every second, a new term every ~25 s) and the holder
 * writes with its term; at a change of term the old holder sometimes writes once more (stale).
 * Every 20 s a fault: a crash (1–3 s), a GC pause or a partition; a monitor suspects crashed nodes
 * (and some paused ones); tokens rotate every 30 s and the old one is revoked, a few requests
 * still carrying it; the database records lock waits (a few long) and rare deadlocks.
 */
export interface CheckRunOptions {
  ops: number;
  seed: number;
  /** Arrivals per second of virtual time; default 1,000 (1 M operations: a 1,000 s run). */
  opsPerSecond?: number;
}

const CLIENTS = 40;
const REPLICAS = ['n1', 'n2', 'n3'];
const CRASHABLE = ['n1', 'n2', 'n3', 'db', 'pg'];
const TIMEOUT_US = 1_000_000;
const TERM_US = 25_000_000;
const TOKEN_US = 30_000_000;
const FAULT_EVERY_US = 20_000_000;

type F = 'charge' | 'write' | 'read' | 'cas' | 'reserve' | 'upload';
interface Planned {
  client: number;
  f: F;
  key: string;
  invokeUs: Micros;
  /** When it takes effect; undefined: never. */
  effectUs: Micros | undefined;
  /** Undefined: still open at the end. */
  doneUs: Micros | undefined;
  outcome: 'ok' | 'fail' | 'info';
  arg: unknown;
}

/** The check input of a synthetic run of `ops` operations (see above). */
export function checkRun(opts: CheckRunOptions): CheckInput {
  const rng = new RandomStreams(opts.seed).stream('checks-bench');
  const perSecond = opts.opsPerSecond ?? 1_000;
  const spanUs = Math.max(1, Math.round((opts.ops / perSecond) * 1_000_000));
  const endUs = spanUs + 2 * TIMEOUT_US;
  const timeline = faultsOver(rng, spanUs);
  const effects: { e: Effect; seq: number }[] = [];
  const effect = (time: Micros, node: string, kind: string, key: string, value?: unknown) =>
    effects.push({ e: value === undefined ? { time, node, kind, key } : { time, node, kind, key, value }, seq: effects.length });
  const terms = lease(rng, spanUs, effect);
  const planned = plan(rng, opts.ops, spanUs, perSecond);

  // Invokes, effects and completions in time order, played against a register per key.
  const evs = timeOrder(planned);
  const h = new History();
  const reg = new Map<string, string | null>();
  const ids: number[] = [];
  const results: unknown[] = [];
  const casOk: boolean[] = [];
  const disk: Record<string, unknown> = {};
  const revoked = new Set<string>();
  const dbCrashes = timeline.faults.filter((f) => f.kind === 'crash' && f.node === 'db').map((f) => f.startUs!);
  for (const ev of evs) {
    const p = planned[ev.i]!;
    if (ev.phase === 0) {
      if (p.f === 'cas') p.arg = [rng.next() < 0.7 ? (reg.get(p.key) ?? null) : `v${randomInt(rng, 0, ev.i)}`, `v${ev.i}`];
      ids[ev.i] = h.invoke(p.invokeUs, `client-${p.client}`, p.f, p.key, p.arg).op;
      if (p.f === 'charge') chargeToken(rng, p, ev.i, revoked, effect);
      continue;
    }
    if (ev.phase === 2) {
      if (p.f === 'cas' && p.outcome !== 'info') h.complete(p.doneUs!, ids[ev.i]!, casOk[ev.i] ? 'ok' : 'fail');
      else h.complete(p.doneUs!, ids[ev.i]!, p.outcome, p.f === 'read' && p.outcome === 'ok' ? results[ev.i] : undefined);
      continue;
    }
    const t = p.effectUs!;
    if (p.f === 'read') results[ev.i] = reg.get(p.key) ?? null;
    else if (p.f === 'write' || p.f === 'cas') {
      const [from, to] = p.f === 'cas' ? (p.arg as [string | null, string]) : [undefined, p.arg as string];
      casOk[ev.i] = p.f === 'write' || from === (reg.get(p.key) ?? null);
      if (!casOk[ev.i]) continue;
      reg.set(p.key, to);
      const term = terms[termIndex(terms, t)]!;
      effect(t, 'db', 'write', p.key, { holder: term.holder, term: term.term });
      if (rng.next() < 0.15) lockWait(rng, t, p.key, ev.i, effect);
    } else if (p.f === 'charge') effect(t, 'pg', 'charge', p.key, { amount: 10 });
    else if (p.f === 'reserve') {
      // Not yet synced when db crashed within 300 ms: lost.
      if (!dbCrashes.some((c) => t < c && t > c - 300_000)) disk[`reservations/${p.key}`] = { seat: p.key };
    } else if (p.f === 'upload') {
      effect(t, 'api-0', 'metadata-written', p.key);
      const roll = rng.next();
      if (roll >= 0.005) effect(t + (roll < 0.015 ? randomInt(rng, 2_000_000, 8_000_000) : randomInt(rng, 1_000, 30_000)), 'store', 'stored', p.key);
      // Half the rows whose file is missing or late are removed by a verifier 1–3 s later.
      if (roll < 0.015 && rng.next() < 0.5) effect(t + randomInt(rng, 1_000_000, 3_000_000), 'api-0', 'row-deleted', p.key);
    }
  }
  monitor(rng, timeline, effect);
  effects.sort((a, b) => a.e.time - b.e.time || a.seq - b.seq);
  for (const { e } of effects) h.effect(e);
  return { history: h.entries, effects: h.effects, nodes: { db: { up: true, disk, belief: undefined } }, timeline, endUs };
}

/**
 * Planned ops' invokes (phase 0), effects (1) and completions (2) in time order; at one moment
 * invokes first, then effects, then completions, each in plan order.
 */
export function timeOrder(
  planned: readonly { invokeUs: Micros; effectUs: Micros | undefined; doneUs: Micros | undefined }[],
): { t: Micros; phase: number; i: number }[] {
  const evs: { t: Micros; phase: number; i: number }[] = [];
  planned.forEach((p, i) => {
    evs.push({ t: p.invokeUs, phase: 0, i });
    if (p.effectUs !== undefined) evs.push({ t: p.effectUs, phase: 1, i });
    if (p.doneUs !== undefined) evs.push({ t: p.doneUs, phase: 2, i });
  });
  return evs.sort((a, b) => a.t - b.t || a.phase - b.phase || a.i - b.i);
}

/** Each op's client, name, key, times and outcome, in invoke order. */
function plan(rng: RandomStream, ops: number, spanUs: Micros, perSecond: number): Planned[] {
  const regKeys = Math.max(1, Math.floor(ops / 200));
  const gapUs = 1_000_000 / perSecond;
  const lastCharge: (Planned | undefined)[] = [];
  let order = 0;
  const out: Planned[] = [];
  for (let i = 0; i < ops; i++) {
    const client = randomInt(rng, 0, CLIENTS - 1);
    const invokeUs = Math.floor(i * gapUs) + randomInt(rng, 0, Math.max(0, Math.floor(gapUs) - 1));
    const roll = rng.next();
    const f: F = roll < 0.3 ? 'charge' : roll < 0.55 ? 'write' : roll < 0.78 ? 'read' : roll < 0.83 ? 'cas' : roll < 0.93 ? 'reserve' : 'upload';
    const l = rng.next();
    const latencyUs =
      l < 0.7 ? randomInt(rng, 2_000, 20_000) : l < 0.95 ? randomInt(rng, 20_000, 200_000) : l < 0.99 ? randomInt(rng, 200_000, 999_000) : TIMEOUT_US;
    // A cas's ok or fail is decided by the register when it takes effect.
    const outcome = latencyUs === TIMEOUT_US ? 'info' : rng.next() < 0.02 && f !== 'cas' ? 'fail' : 'ok';
    let key: string;
    if (f === 'charge') {
      const last = lastCharge[client];
      const retry = last !== undefined && last.outcome !== 'ok' && last.doneUs !== undefined && last.doneUs < invokeUs && rng.next() < 0.5;
      key = retry ? last.key : `order-${order++}`;
    } else if (f === 'reserve' || f === 'upload') key = `${f === 'reserve' ? 'seat' : 'up'}-${i}`;
    else key = `r-${randomInt(rng, 0, regKeys - 1)}`;
    // An ok op took effect inside its interval; an unknown one half the time, maybe after it; a
    // failed one not (but 1 % of failed charges were charged all the same).
    const takes = outcome === 'ok' || (outcome === 'info' && rng.next() < 0.5) || (outcome === 'fail' && f === 'charge' && rng.next() < 0.01);
    const effectUs = takes ? invokeUs + 1 + randomInt(rng, 0, (outcome === 'info' ? 2 : 1) * latencyUs - 2) : undefined;
    const open = invokeUs > spanUs - 500_000 && rng.next() < 0.2;
    const p: Planned = {
      client,
      f,
      key,
      invokeUs,
      effectUs,
      doneUs: open ? undefined : invokeUs + latencyUs,
      outcome,
      arg: f === 'write' ? `v${i}` : undefined,
    };
    if (f === 'charge') lastCharge[client] = p;
    out.push(p);
  }
  return out;
}

type Recorder = (time: Micros, node: string, kind: string, key: string, value?: unknown) => void;

/** A fault every 20 s (a crash, a GC pause or a partition), all over 10 s before the end; each node's states. */
function faultsOver(rng: RandomStream, spanUs: Micros): ExecutedTimeline {
  const faults: ExecutedFault[] = [];
  const down = new Map<string, NodeInterval[]>();
  for (let at = FAULT_EVERY_US; at + 15_000_000 < spanUs; at += FAULT_EVERY_US) {
    const index = faults.length;
    const kind = (['crash', 'pause', 'partition'] as const)[index % 3]!;
    const startUs = at + randomInt(rng, 0, 5_000_000);
    const endUs = startUs + (kind === 'crash' ? randomInt(rng, 1_000_000, 3_000_000) : randomInt(rng, 200_000, 1_500_000));
    if (kind === 'partition') {
      faults.push({ index, kind, startUs, endUs, endedBy: 'duration' });
      continue;
    }
    const node = kind === 'crash' ? CRASHABLE[randomInt(rng, 0, CRASHABLE.length - 1)]! : REPLICAS[randomInt(rng, 0, REPLICAS.length - 1)]!;
    faults.push({ index, kind, node, startUs, endUs, endedBy: 'duration' });
    const iv: NodeInterval = { state: kind === 'crash' ? 'crashed' : 'paused', fromUs: startUs, toUs: endUs, fault: index };
    if (kind === 'pause') iv.reason = 'GC';
    down.set(node, [...(down.get(node) ?? []), iv]);
  }
  const nodes: Record<string, NodeInterval[]> = {};
  for (const node of [...CRASHABLE, 'api-0', 'store', 'mon']) {
    const list: NodeInterval[] = [];
    let from = 0;
    for (const iv of down.get(node) ?? []) {
      list.push({ state: 'up', fromUs: from, toUs: iv.fromUs }, iv);
      from = iv.toUs!;
    }
    list.push({ state: 'up', fromUs: from });
    nodes[node] = list;
  }
  return { faults, nodes, partitions: [], deploys: [] };
}

/** The lease: a grant at each new term and a renewal every second; a leader effect per term; the old holder's stale write. */
function lease(rng: RandomStream, spanUs: Micros, effect: Recorder): { fromUs: Micros; holder: string; term: number }[] {
  const terms: { fromUs: Micros; holder: string; term: number }[] = [];
  for (let t = 0, term = 1; t < spanUs; t += TERM_US + randomInt(rng, 0, 5_000_000), term++) {
    const holder = REPLICAS[randomInt(rng, 0, REPLICAS.length - 1)]!;
    const prev = terms[terms.length - 1];
    terms.push({ fromUs: t, holder, term });
    effect(t, holder, 'leader', String(term), { node: holder });
    if (prev !== undefined && rng.next() < 0.3) effect(t + randomInt(rng, 10_000, 200_000), 'db', 'write', 'r-0', { holder: prev.holder, term: prev.term });
  }
  terms.forEach((x, i) => {
    const until = terms[i + 1]?.fromUs ?? spanUs;
    for (let g = x.fromUs; g < until; g += 1_000_000) effect(g, 'locks', 'grant', 'leader', { holder: x.holder, term: x.term });
  });
  return terms;
}

function termIndex(terms: readonly { fromUs: Micros }[], t: Micros): number {
  let lo = 0;
  let hi = terms.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (terms[mid]!.fromUs <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The token a charge request carried (2 % still the previous, revoked one), and the revocations. */
function chargeToken(rng: RandomStream, p: Planned, i: number, revoked: Set<string>, effect: Recorder): void {
  const epoch = Math.floor(p.invokeUs / TOKEN_US);
  const stale = epoch > 0 && rng.next() < 0.02;
  effect(p.invokeUs + 1_000, `api-${p.client % 3}`, 'accepted', `req-${i}`, { token: `tok-${p.client}-${stale ? epoch - 1 : epoch}` });
  // The first request of a client in a new epoch revokes its previous token (once).
  if (!stale && epoch > 0 && !revoked.has(`${p.client}-${epoch - 1}`)) {
    revoked.add(`${p.client}-${epoch - 1}`);
    effect(epoch * TOKEN_US + randomInt(rng, 0, 100_000), 'auth', 'revoked', `tok-${p.client}-${epoch - 1}`);
  }
}

/** A lock wait ended at `t` (0.2 % of them long, the longest ending by the lock wait timeout), and rarely a deadlock. */
function lockWait(rng: RandomStream, t: Micros, key: string, i: number, effect: Recorder): void {
  const long = rng.next() < 0.002;
  const waitedUs = long ? randomInt(rng, 500_000, 1_500_000) : randomInt(rng, 0, 50_000);
  effect(t, 'db', 'lock-wait', key, { tx: `tx-${i}`, waitedUs, outcome: waitedUs > 1_000_000 ? 'timeout' : 'granted' });
  if (rng.next() < 0.001) effect(t, 'db', 'deadlock', `tx-${i}`, { cycle: [`tx-${i}`, `tx-${i - 1}`] });
}

/** The monitor suspects a crashed node 0.5–3 s into its crash, half the paused ones, and some nodes at random. */
function monitor(rng: RandomStream, timeline: ExecutedTimeline, effect: Recorder): void {
  for (const f of timeline.faults) {
    if (f.node === undefined) continue;
    const after = randomInt(rng, 500_000, 3_000_000);
    if (f.kind === 'crash' && f.startUs! + after < f.endUs!) effect(f.startUs! + after, 'mon', 'suspect', f.node, { by: 'mon' });
    if (f.kind === 'pause' && rng.next() < 0.5) effect(f.startUs! + 100_000, 'mon', 'suspect', f.node, { by: 'mon' });
  }
}

/** A config of every check, written for this run's shape (the effect and op names it records). */
export const CHECK_CONFIGS: readonly Record<string, unknown>[] = [
  { check: 'exactly-once', effect: 'charge', f: 'charge', atLeastOnceForOk: true },
  { check: 'failed-means-not-done', f: 'charge', effect: 'charge' },
  { check: 'single-leader' },
  { check: 'no-stale-writes', lease: '3s' },
  { check: 'no-lost-writes', name: 'no-lost-writes (disk)', f: 'reserve', node: 'db', path: 'reservations/{key}' },
  { check: 'no-lost-writes', name: 'no-lost-writes (read)', f: 'write', read: 'read' },
  { check: 'rate-bound', effect: 'charge', node: 'pg', max: 400, window: '1s' },
  { check: 'linearizable' },
  { check: 'slo', f: 'charge', latency: '500ms', errorRate: '5%' },
  { check: 'liveness-after-heal', name: 'liveness-after-heal (answered)', within: '5s' },
  { check: 'liveness-after-heal', name: 'liveness-after-heal (goodput)', within: '5s', progress: 'goodput' },
  { check: 'failure-detection', detectWithin: '2s', maxFalseSuspicions: 1000 },
  { check: 'never-after', effect: 'accepted', after: 'revoked', grace: '500ms', key: 'token' },
  { check: 'requires', effect: 'metadata-written', requires: 'stored', within: '5s' },
  { check: 'error-budget', budget: '5%', window: '10s' },
  { check: 'no-deadlock', maxLockWait: '500ms' },
];
