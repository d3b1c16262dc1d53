import { checkSchema, runCheck } from '../sim/checks/index.js';
import { RandomStreams, randomInt } from '../sim/kernel/random.js';
import { History, type HistoryEntry } from '../sim/world/history.js';
import { timeOrder } from './check-history.js';

/**
 * The linearizability checker on three histories: (a) 1,000 ops from 10 clients on 5 keys, 20 %
 * of them unknown, with failed cas, made by running a real register so it is linearizable; (b)
 * 20 unknown writes and a read of a value nobody wrote; (c) 16 unknown writes concurrent with
 * 4,000 acknowledged ones on one key, then a read of one of the unknown values.
 */

/** (a): deterministic from `seed`. Each op takes effect at one instant inside its interval. */
export function registerHistory(opts: { ops: number; clients: number; keys: number; unknown: number; seed: number }): HistoryEntry[] {
  const rng = new RandomStreams(opts.seed).stream('linearizable-bench');
  type Planned = {
    client: number;
    n: number;
    f: 'read' | 'write' | 'cas';
    key: string;
    invokeUs: number;
    effectUs: number | undefined;
    doneUs: number | undefined;
    unknown: boolean;
  };
  const planned: Planned[] = [];
  const perClient = Math.ceil(opts.ops / opts.clients);
  for (let c = 0; c < opts.clients; c++) {
    let t = randomInt(rng, 0, 1_000);
    for (let n = 0; n < perClient && planned.length < opts.ops; n++) {
      const roll = rng.next();
      const f = roll < 0.4 ? 'read' : roll < 0.7 ? 'write' : 'cas';
      const key = `k${randomInt(rng, 0, opts.keys - 1)}`;
      const latencyUs = randomInt(rng, 200, 5_000);
      const unknown = rng.next() < opts.unknown;
      // An unknown op may take effect after its client gave up, or never.
      const effectUs = unknown && rng.next() < 0.4 ? undefined : t + 1 + randomInt(rng, 0, (unknown ? 3 : 1) * latencyUs - 2);
      const open = unknown && rng.next() < 0.25;
      planned.push({ client: c, n, f, key, invokeUs: t, effectUs, doneUs: open ? undefined : t + latencyUs, unknown });
      t += latencyUs + randomInt(rng, 1, 2_000);
    }
  }
  // Play invokes, effects and completions in time order against one register per key.
  const evs = timeOrder(planned);
  const h = new History();
  const reg = new Map<string, string | null>();
  const lastSeen = new Map<string, string | null>();
  const ids: number[] = [];
  const outcome: ({ ok: boolean; value?: unknown } | undefined)[] = [];
  const args: unknown[] = [];
  for (const e of evs) {
    const p = planned[e.i]!;
    if (e.phase === 0) {
      // A cas expects the value as of its invoke (as if just read), or the last its client read.
      const expected = rng.next() < 0.6 ? (reg.get(p.key) ?? null) : (lastSeen.get(`${p.client}/${p.key}`) ?? null);
      args[e.i] = p.f === 'write' ? `c${p.client}-${p.n}` : p.f === 'cas' ? [expected, `c${p.client}-${p.n}`] : undefined;
      ids[e.i] = h.invoke(p.invokeUs, `client-${p.client}`, p.f, p.key, args[e.i]).op;
    } else if (e.phase === 1) {
      const cur = reg.get(p.key) ?? null;
      if (p.f === 'read') outcome[e.i] = { ok: true, value: cur };
      else if (p.f === 'write') {
        reg.set(p.key, args[e.i] as string);
        outcome[e.i] = { ok: true };
      } else {
        const [from, to] = args[e.i] as [string | null, string];
        outcome[e.i] = { ok: from === cur };
        if (from === cur) reg.set(p.key, to);
      }
    } else {
      const o = outcome[e.i];
      if (p.unknown || o === undefined) h.complete(p.doneUs!, ids[e.i]!, 'info');
      else {
        if (p.f === 'read') lastSeen.set(`${p.client}/${p.key}`, o.value as string | null);
        h.complete(p.doneUs!, ids[e.i]!, o.ok ? 'ok' : 'fail', p.f === 'read' ? o.value : undefined);
      }
    }
  }
  return h.entries;
}

/** (b) and (c): `unknown` writes invoked first and never answered, `acked` acknowledged writes one after another, then one read. */
export function unknownWritesHistory(unknown: number, acked: number, reads: string): HistoryEntry[] {
  const h = new History();
  let t = 0;
  for (let i = 0; i < unknown; i++) h.invoke(t++, `u-${i}`, 'write', 'x', `u${i}`);
  for (let i = 0; i < acked; i++) {
    h.complete(t + 1, h.invoke(t, 'w', 'write', 'x', i).op, 'ok');
    t += 2;
  }
  h.complete(t + 1, h.invoke(t, 'r', 'read', 'x').op, 'ok', reads);
  return h.entries;
}

export interface LinearizableBench {
  name: string;
  ms: number;
  ok: boolean;
  steps: number;
  detail: string;
}

function time(name: string, history: readonly HistoryEntry[]): LinearizableBench {
  const config = checkSchema.parse({ check: 'linearizable' });
  const input = { history, effects: [], nodes: {}, timeline: { faults: [], nodes: {}, partitions: [], deploys: [] }, endUs: history[history.length - 1]!.time };
  let best = Infinity;
  let v = runCheck(config, input); // warm-up
  for (let round = 0; round < 3; round++) {
    const t0 = process.hrtime.bigint();
    v = runCheck(config, input);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { name, ms: best, ok: v.ok, steps: v.measured?.steps ?? 0, detail: v.detail };
}

export function linearizableBenches(): LinearizableBench[] {
  const a = registerHistory({ ops: 1_000, clients: 10, keys: 5, unknown: 0.2, seed: 1 });
  const results = [
    time('1,000 ops, 10 clients, 5 keys, 20% unknown, failed cas', a),
    time('20 unknown writes + 1 impossible read', unknownWritesHistory(20, 0, 'never')),
    time('16 unknown + 4,000 acknowledged writes, then a read of an unknown value', unknownWritesHistory(16, 4_000, 'u7')),
  ];
  // What each must decide: (a) holds by construction, (b) fails, (c) holds.
  const expected = [true, false, true];
  results.forEach((r, i) => {
    if (r.ok !== expected[i]) throw new Error(`linearizable bench (${r.name}): expected ok=${expected[i]}, got: ${r.detail}`);
  });
  return results;
}
