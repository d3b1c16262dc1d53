import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latencySchema, RandomStreams, type Model } from '../../sim/index.js';
import { sampleLatency } from '../../sim/world/latency.js';
import { constantNet, faults, net, ofType, runWorld } from './harness.js';

/** Sends `msg-<i>` to `to` every `everyUs`, `count` times. */
const sender =
  (to: string, count: number, everyUs: number): Model =>
  (ctx) => {
    let i = 0;
    const tick = () => {
      ctx.send(to, `msg-${i++}`);
      if (i < count) ctx.setTimer(everyUs);
    };
    return { onStart: tick, onTimer: tick };
  };

describe('network', () => {
  it('one-way partition: a→b is lost while b→a still gets through', () => {
    const { trace } = runWorld({
      nodes: [
        { id: 'a', model: sender('b', 3, 1_000_000) },
        { id: 'b', model: (ctx) => ({ onStart: () => ctx.send('a', 'hi from b') }) },
      ],
      network: constantNet('5ms'),
      faults: faults([{ kind: 'partition-one-way', at: '0ms', duration: '1500ms', from: ['a'], to: ['b'] }]),
    });
    const drops = ofType(trace, 'drop');
    expect(drops.map((d) => [d.at, d.from, d.to, d.reason])).toEqual([
      [0, 'a', 'b', 'partition'],
      [1_000_000, 'a', 'b', 'partition'],
    ]);
    expect(ofType(trace, 'deliver').map((d) => [d.at, d.from, d.to, d.msg])).toEqual([
      [5_000, 'b', 'a', 'hi from b'],
      [2_005_000, 'a', 'b', 'msg-2'], // after the heal at 1.5 s
    ]);
  });

  it('duplication delivers a second copy with the same id', () => {
    const { trace, result } = runWorld({
      nodes: [
        { id: 'a', model: sender('b', 10, 1_000) },
        { id: 'b', model: () => ({}) },
      ],
      network: net({ default: { latency: { dist: 'constant', value: '1ms' }, duplicate: '100%' } }),
    });
    const delivered = ofType(trace, 'deliver');
    expect(delivered).toHaveLength(20);
    expect(delivered.filter((d) => d.duplicate)).toHaveLength(10);
    for (let i = 1; i <= 10; i++) expect(delivered.filter((d) => d.id === i)).toHaveLength(2);
    expect(result.network.duplicated).toBe(10);
  });

  it('reordering holds some messages back so later ones overtake them', () => {
    const { trace } = runWorld({
      nodes: [
        { id: 'a', model: sender('b', 200, 1_000) },
        { id: 'b', model: () => ({}) },
      ],
      network: net({ default: { latency: { dist: 'constant', value: '1ms' }, reorder: '20%', reorderDelay: { dist: 'constant', value: '10ms' } } }),
    });
    const order = ofType(trace, 'deliver').map((d) => d.id);
    expect(order).toHaveLength(200);
    const late = ofType(trace, 'deliver').filter((d) => d.at - (d.id - 1) * 1_000 === 11_000).length;
    expect(late).toBeGreaterThan(20);
    expect(late).toBeLessThan(60);
    expect(order).not.toEqual([...order].sort((x, y) => x - y));
  });

  it('a clogged link holds messages and delivers them, in order, after release', () => {
    const { trace } = runWorld({
      nodes: [
        { id: 'a', model: sender('b', 3, 100_000) },
        { id: 'b', model: () => ({}) },
      ],
      network: constantNet('5ms'),
      faults: faults([{ kind: 'clog', at: '0ms', duration: '1s', from: ['a'], to: ['b'] }]),
    });
    expect(ofType(trace, 'hold')).toHaveLength(3);
    expect(ofType(trace, 'drop')).toHaveLength(0);
    expect(ofType(trace, 'deliver').map((d) => [d.at, d.msg])).toEqual([
      [1_005_000, 'msg-0'],
      [1_005_000, 'msg-1'],
      [1_005_000, 'msg-2'],
    ]);
  });

  it('swizzle clogs nodes one by one and releases them in reverse order', () => {
    // Clogs a at 1 s, b at 2 s, c at 3 s; releases c at 6 s, b at 7 s, a at 8 s. A link
    // flows again only when both its ends are released.
    const at =
      (us: number, to: string, msg: string): Model =>
      (ctx) => ({ onStart: () => void ctx.setTimer(us), onTimer: () => ctx.send(to, msg) });
    const { trace } = runWorld({
      nodes: [
        { id: 'a', model: () => ({}) },
        { id: 'b', model: at(2_500_000, 'c', 'b→c') },
        { id: 'c', model: at(3_500_000, 'a', 'c→a') },
      ],
      network: constantNet('5ms'),
      faults: faults([{ kind: 'swizzle', at: '1s', duration: '5s', interval: '1s' }]),
    });
    expect(ofType(trace, 'hold')).toHaveLength(2);
    expect(ofType(trace, 'deliver').map((d) => [d.msg, d.at])).toEqual([
      ['b→c', 7_005_000],
      ['c→a', 8_005_000],
    ]);
  });

  it('a node paused or crashed at t=0 does not boot until it resumes or restarts', () => {
    const booted: string[] = [];
    const model: Model = (ctx) => ({ onStart: () => void booted.push(`${ctx.id}@${ctx.monotonic()}`) });
    runWorld({
      nodes: ['p', 'c'].map((id) => ({ id, model })),
      faults: faults([
        { kind: 'pause', at: '0ms', duration: '1s', node: 'p' },
        { kind: 'crash', at: '0ms', duration: '2s', node: 'c' },
      ]),
    });
    expect(booted).toEqual(['p@1000000', 'c@2000000']);
  });

  it('loss drops about the configured share', () => {
    const { result } = runWorld({
      nodes: [
        { id: 'a', model: sender('b', 5000, 100) },
        { id: 'b', model: () => ({}) },
      ],
      network: net({ default: { latency: { dist: 'constant', value: '1ms' }, loss: '10%' } }),
    });
    expect(result.network.lost).toBeGreaterThan(400);
    expect(result.network.lost).toBeLessThan(600);
    expect(result.network.delivered + result.network.lost).toBe(5000);
  });

  it('per-link overrides apply only to their links', () => {
    const { trace } = runWorld({
      nodes: [
        { id: 'a', model: (ctx) => ({ onStart: () => (ctx.send('b', 1), ctx.send('c', 2)) }) },
        { id: 'b', model: () => ({}) },
        { id: 'c', model: () => ({}) },
      ],
      network: net({ default: { latency: { dist: 'constant', value: '5ms' } }, links: [{ from: 'a', to: 'c', latency: { dist: 'constant', value: '80ms' } }] }),
    });
    expect(ofType(trace, 'deliver').map((d) => [d.to, d.at])).toEqual([
      ['b', 5_000],
      ['c', 80_000],
    ]);
  });

  it('a latency fault raises latency only while it lasts', () => {
    const { trace } = runWorld({
      nodes: [
        { id: 'a', model: sender('b', 3, 1_000_000) },
        { id: 'b', model: () => ({}) },
      ],
      network: constantNet('5ms'),
      faults: faults([{ kind: 'latency', at: '500ms', duration: '1s', latency: { dist: 'constant', value: '2s' } }]),
    });
    expect(ofType(trace, 'deliver').map((d) => [d.msg, d.at])).toEqual([
      ['msg-0', 5_000],
      ['msg-2', 2_005_000],
      ['msg-1', 3_000_000],
    ]);
  });

  it('a healed network delivers again (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom('partition', 'isolate', 'halves', 'ring', 'bridge', 'clog', 'one-way'),
        fc.integer({ min: 1, max: 5_000 }),
        (seed, shape, durationMs) => {
          const ids = ['n1', 'n2', 'n3', 'n4', 'n5'];
          const healAt = 1_000_000 + durationMs * 1000;
          const fault =
            shape === 'partition'
              ? {
                  kind: 'partition' as const,
                  groups: [
                    ['n1', 'n2'],
                    ['n3', 'n4', 'n5'],
                  ],
                }
              : shape === 'isolate'
                ? { kind: 'isolate' as const, node: 'n3' }
                : shape === 'halves'
                  ? { kind: 'partition-halves' as const }
                  : shape === 'ring'
                    ? { kind: 'partition-majority-ring' as const }
                    : shape === 'bridge'
                      ? { kind: 'partition-bridge' as const }
                      : shape === 'clog'
                        ? { kind: 'clog' as const }
                        : { kind: 'partition-one-way' as const, from: ['n1', 'n2'], to: ['n4', 'n5'] };
          // Every node sends to every other at one instant after the heal: all must arrive.
          const model: Model = (ctx) => ({
            onStart: () => void ctx.setTimer(healAt + 1),
            onTimer: () => ids.forEach((to) => to !== ctx.id && ctx.send(to, 'after-heal')),
          });
          const { trace } = runWorld({
            seed,
            nodes: ids.map((id) => ({ id, model })),
            network: net({ default: { latency: { dist: 'uniform', min: '1ms', max: '10ms' } } }),
            faults: faults([{ ...fault, at: '1s', duration: `${durationMs}ms` }]),
          });
          const after = ofType(trace, 'deliver').filter((d) => d.msg === 'after-heal');
          expect(after).toHaveLength(20);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a heal ends every partition at once', () => {
    const model: Model = (ctx) => ({ onStart: () => void ctx.setTimer(3_000_000), onTimer: () => ctx.send(ctx.id === 'a' ? 'b' : 'a', 'x') });
    const { trace } = runWorld({
      nodes: ['a', 'b'].map((id) => ({ id, model })),
      faults: faults([
        { kind: 'partition', at: '1s', groups: [['a'], ['b']] },
        { kind: 'isolate', at: '1s', node: 'a' },
        { kind: 'heal', at: '2s' },
      ]),
    });
    expect(ofType(trace, 'deliver')).toHaveLength(2);
  });
});

describe('latency distributions', () => {
  const draws = (input: unknown, n = 5000) => {
    const d = latencySchema.parse(input);
    const r = new RandomStreams(3).stream('x');
    return Array.from({ length: n }, () => sampleLatency(d, r));
  };

  it('uniform stays within [min, max] and covers both ends', () => {
    const xs = draws({ dist: 'uniform', min: '1ms', max: '10ms' });
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...xs)).toBeLessThanOrEqual(10000);
    expect(Math.min(...xs)).toBeLessThan(1100);
    expect(Math.max(...xs)).toBeGreaterThan(9900);
  });

  it('normal centres on its mean and never goes below min', () => {
    const xs = draws({ dist: 'normal', mean: '10ms', stddev: '5ms', min: '2ms' });
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.min(...xs)).toBe(2000);
    expect(mean).toBeGreaterThan(9500);
    expect(mean).toBeLessThan(11000);
  });

  it('lognormal has its median where configured and a long right tail', () => {
    const xs = draws({ dist: 'lognormal', median: '10ms', sigma: 1 }).sort((a, b) => a - b);
    expect(xs[2500]!).toBeGreaterThan(9000);
    expect(xs[2500]!).toBeLessThan(11000);
    expect(xs[4950]!).toBeGreaterThan(80_000); // p99 ≈ median · e^2.33 ≈ 103 ms
  });

  it('pareto is at least its scale and capped at max', () => {
    const xs = draws({ dist: 'pareto', scale: '1ms', shape: 1.5, max: '1s' });
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...xs)).toBeLessThanOrEqual(1_000_000);
    expect(xs.filter((x) => x > 10_000).length).toBeGreaterThan(50); // P(X > 10·scale) = 10^-1.5 ≈ 3%
  });

  it('10,000 nodes: link state is per configured or faulted link, so the world starts at once and links behave', () => {
    // With n² tables (4 × 10^8 entries) this took a minute and 8.7 GB before the first event.
    const ids = Array.from({ length: 10_000 }, (_, i) => `n${i}`);
    const { trace } = runWorld({
      nodes: ids.map((id, i) => ({ id, model: i === 0 ? sender('n9999', 3, 1_000_000) : i === 1 ? sender('n2', 1, 1) : () => ({}) })),
      network: net({
        default: { latency: { dist: 'constant', value: '5ms' } },
        links: [{ from: 'n1', to: 'n2', latency: { dist: 'constant', value: '80ms' } }],
      }),
      faults: faults([{ kind: 'partition-one-way', at: '0ms', duration: '1500ms', from: ['n0'], to: ['n9999'] }]),
    });
    expect(ofType(trace, 'drop').map((d) => [d.at, d.from, d.to, d.reason])).toEqual([
      [0, 'n0', 'n9999', 'partition'],
      [1_000_000, 'n0', 'n9999', 'partition'],
    ]);
    expect(ofType(trace, 'deliver').map((d) => [d.at, d.from, d.to])).toEqual([
      [80_000, 'n1', 'n2'],
      [2_005_000, 'n0', 'n9999'],
    ]);
  });
});
