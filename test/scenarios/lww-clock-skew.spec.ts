import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run/run-scenario.js';
import { pairOps } from '../../sim/checks/common.js';
import { loadBundled } from './bundled.js';
import { ArrayTraceSink } from '../../sim/index.js';

const STEP_US = 3_200_000;
const scenario = loadBundled('lww-clock-skew.yaml');

/** Per round (key): the v2 write, and what each replica holds at the end. */
function rounds(variant: string, seed = 1) {
  const run = runScenario(scenario, { variant, seed });
  const ops = pairOps(run.history);
  const keys = [...new Set(ops.map((o) => o.key!))];
  const final = (replica: string, key: string) => (run.nodes[replica]!.disk[`reg/${key}`] as { value: unknown } | undefined)?.value;
  return {
    run,
    rows: keys.map((key) => {
      const writes = ops.filter((o) => o.key === key && o.f === 'write');
      const reads = ops.filter((o) => o.key === key && o.f === 'read');
      const v2 = writes.find((o) => o.arg === `${key.replace('profile-', 'r')}-v2`)!;
      return { key, v1: writes[0]!, v2, firstRead: reads[0]!, finalReads: reads.slice(1), a: final('replica-a', key), b: final('replica-b', key) };
    }),
  };
}

describe('lww-clock-skew', () => {
  it('naive: after the clock step, each acknowledged v2 is silently replaced by the older v1 on both replicas', () => {
    const { run, rows } = rounds('naive');
    const lost = rows.filter((r) => r.a === r.v1.arg);
    expect(lost.length).toBe(rows.filter((r) => r.v1.invokeUs > STEP_US).length);
    expect(lost.length).toBeGreaterThan(5);
    for (const r of lost) {
      expect(r.v1.invokeUs).toBeGreaterThan(STEP_US);
      // v1 was read back, then v2 was acknowledged after it: causally later, and told ok.
      expect(r.firstRead.result).toBe(r.v1.arg);
      expect(r.v2.outcome).toBe('ok');
      expect(r.v2.invokeAt).toBeGreaterThan(r.firstRead.doneAt); // invoked after the read returned (same instant: in its handler)
      expect(r.b).toBe(r.v1.arg);
      expect(r.finalReads.map((o) => o.result)).toEqual([r.v1.arg, r.v1.arg]);
    }
    // Before the step the clocks agree and v2 wins.
    expect(rows.filter((r) => r.v1.invokeUs < STEP_US).every((r) => r.a === r.v2.arg && r.b === r.v2.arg)).toBe(true);
    const check = run.checks.find((c) => c.name === 'linearizable')!;
    expect(check.ok).toBe(false);
    expect(check.ops).toContain(lost[0]!.finalReads[0]!.op);
    expect(check.ops).toContain(lost[0]!.v2.op);
  });

  it.each(['lamport', 'hybrid'])('%s: every round ends with v2 on both replicas', (variant) => {
    for (const seed of [1, 2, 3]) {
      const { run, rows } = rounds(variant, seed);
      expect(rows.length).toBe(10);
      for (const r of rows) expect([r.a, r.b, ...r.finalReads.map((o) => o.result)]).toEqual(Array(4).fill(r.v2.arg));
      expect(run.verdict).toBe('pass');
    }
  });
});

describe('register-session, rounds that overlap', () => {
  it('records info only for requests whose answer did not come back within the timeout', () => {
    // Cut replica-b off for 1.5 s: rounds stall on it and overlap the next ones.
    const cut = {
      ...scenario,
      faults: [...scenario.faults, { kind: 'isolate' as const, at: 4_000_000, duration: 1_500_000, node: 'replica-b', direction: 'both' as const }],
    };
    const sink = new ArrayTraceSink();
    const run = runScenario(cut, { variant: 'naive', seed: 1, trace: sink });
    const sentAt = new Map<number, number>(); // rid → when the session sent it
    const answeredAt = new Map<number, number>();
    const ridOfOp = new Map<number, number>();
    let lastInvoke: number | undefined;
    for (const e of sink.events) {
      if (e.type === 'op' && e.entry.process === 'user' && e.entry.type === 'invoke') lastInvoke = e.entry.op;
      if (e.type === 'send' && e.from === 'user') {
        const rid = (e.msg as { rid: number }).rid;
        sentAt.set(rid, e.at);
        if (lastInvoke !== undefined) ridOfOp.set(lastInvoke, rid);
        lastInvoke = undefined;
      }
      if (e.type === 'deliver' && e.to === 'user') {
        const rid = (e.msg as { rid: number }).rid;
        if (!answeredAt.has(rid)) answeredAt.set(rid, e.at);
      }
    }
    const infos = run.history.filter((h) => h.process === 'user' && h.type === 'info');
    expect(infos.length).toBeGreaterThan(0); // the cut does leave some answers missing
    for (const h of infos) {
      const rid = ridOfOp.get(h.op)!;
      const answered = answeredAt.get(rid);
      expect(answered === undefined || answered - sentAt.get(rid)! >= 1_000_000, `op ${h.op} (rid ${rid}) was answered at ${answered}`).toBe(true);
    }
  });
});
