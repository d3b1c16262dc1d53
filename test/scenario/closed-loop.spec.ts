import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatIssues } from '../../reports/issues.js';
import { defineModel, isRequest, parseScenario, reply, runScenario } from '../../sim/index.js';
import { documentedExample } from '../examples/documented.js';

const EXAMPLE = 'docs/examples/format/closed-loop.yaml';

/** Answers after `serviceMs`, one request at a time when `serial` (a single worker), or all at once. */
const server = defineModel({
  name: 'test-server',
  summary: 'answers ok after a fixed time',
  params: z.strictObject({ serviceMs: z.number().default(0), serial: z.boolean().default(false), silent: z.boolean().default(false) }),
  create: (p) => (ctx) => {
    let freeAt = 0;
    return {
      onMessage(from, msg) {
        if (!isRequest(msg) || p.silent) return;
        const now = ctx.monotonic();
        const start = p.serial ? Math.max(now, freeAt) : now;
        freeAt = start + p.serviceMs * 1000;
        ctx.after(freeAt - now, () => reply(ctx, from, msg, { ok: true }));
      },
    };
  },
});
const models = { './server.ts': server };

function parse(workload: Record<string, unknown>, params: Record<string, unknown> = {}, client: unknown[] = []) {
  const input = {
    name: 'closed',
    duration: '20s',
    network: { default: { latency: { dist: 'constant', value: '1ms' } } },
    nodes: [{ id: 'api', model: './server.ts', params }],
    workload: { target: 'api', ...workload },
    variants: { v: { client }, w: { client: [{ type: 'timeout', timeout: '5s' }] } },
    checks: [{ check: 'slo', errorRate: '0%' }],
  };
  return parseScenario(JSON.stringify(input, null, 1), 'closed.json', { models });
}
function run(workload: Record<string, unknown>, params: Record<string, unknown> = {}, client: unknown[] = [], opts: { seed?: number; variant?: string } = {}) {
  const r = parse(workload, params, client);
  if (!r.ok) throw new Error(formatIssues(r.issues));
  return runScenario(r.scenario, { models, ...opts });
}
function issues(workload: Record<string, unknown>): string[] {
  const r = parse(workload);
  if (r.ok) throw new Error('expected the scenario to be rejected');
  return r.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}
const invokes = (out: ReturnType<typeof runScenario>, process?: string) =>
  out.history.filter((e) => e.type === 'invoke' && (process === undefined || e.process === process)).map((e) => e.time);

describe('closed-loop arrival', () => {
  it('each user sends its next request `think` after the previous one completed', () => {
    // 2 ms round trip + 98 ms think: every 100 ms per user; 3 users on 2 clients (2 + 1).
    const out = run({ clients: 2, arrival: { process: 'closed', users: 3, think: '98ms' }, until: '1s' });
    expect(invokes(out, 'client-1')).toEqual([0, 0, ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((n) => [n * 100_000, n * 100_000])]);
    expect(invokes(out, 'client-2')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => n * 100_000));
    expect(out.stats.ok).toBe(out.stats.requests);
  });

  it('a saturated server sets the pace: throughput stays at its capacity, latency grows with the users (Little’s law)', () => {
    const at = (users: number) => run({ arrival: { process: 'closed', users, think: 0 }, from: '0s', until: '10s' }, { serviceMs: 100, serial: true }).stats;
    const few = at(2);
    const many = at(20);
    // One worker of 100 ms: about 10 requests a second whatever the users (plus the last ones in flight).
    expect(few.requests).toBeGreaterThan(98);
    expect(few.requests).toBeLessThanOrEqual(103);
    expect(many.requests).toBeGreaterThan(98);
    expect(many.requests).toBeLessThanOrEqual(121);
    expect(few.latency.meanUs).toBeLessThan(250_000);
    expect(many.latency.meanUs).toBeGreaterThan(1_800_000); // about users × service time
  });

  it('a user waits for its answer: one lost answer stops it for good without a timeout, not with one', () => {
    const lost = run({ arrival: { process: 'closed', users: 5, think: '10ms' } }, { silent: true });
    expect(lost.stats.requests).toBe(5);
    const timed = run({ arrival: { process: 'closed', users: 5, think: '10ms' }, until: '19s' }, { silent: true }, [{ type: 'timeout', timeout: '1s' }]);
    // Each user: a request every 1s timeout + 10ms think.
    expect(invokes(timed, 'client-1').slice(0, 15)).toEqual([0, 1_010_000, 2_020_000].flatMap((t) => Array(5).fill(t)));
    expect(timed.stats.unknown).toBe(timed.stats.requests);
  });

  it('think times drawn from a distribution come from the workload stream: the same in every variant, per seed', () => {
    const workload = { clients: 3, arrival: { process: 'closed', users: 6, think: { dist: 'uniform', min: '50ms', max: '500ms' } }, until: '15s' };
    const a = invokes(run(workload, {}, [], { seed: 2, variant: 'v' }));
    expect(invokes(run(workload, {}, [], { seed: 2, variant: 'w' }))).toEqual(a);
    expect(invokes(run(workload, {}, [], { seed: 3, variant: 'v' }))).not.toEqual(a);
    // About 15 s / (275 ms + 2 ms) per user.
    expect(a.length).toBeGreaterThan(6 * 45);
    expect(a.length).toBeLessThan(6 * 65);
  });

  it('rampUp starts the users evenly; from, until and maxRequests apply', () => {
    const out = run({ arrival: { process: 'closed', users: 4, think: '1s', rampUp: '2s' }, from: '1s', until: '10s', maxRequests: 10 });
    // Users start at 1s, 1.5s, 2s, 2.5s; the first one's next request: 2 ms answer + 1s think later.
    expect(invokes(out).slice(0, 5)).toEqual([1_000_000, 1_500_000, 2_000_000, 2_002_000, 2_500_000]);
    expect(out.stats.requests).toBe(10);
  });

  it('bad closed-loop arrivals are positioned errors', () => {
    expect(issues({ arrival: { process: 'closed', users: 0 } })).toEqual(['workload.arrival.users: expected a number at least 1, found 0']);
    expect(issues({ arrival: { process: 'closed', users: 2, think: 'fast' } })[0]).toMatch(
      /^workload\.arrival\.think: expected a duration with a unit, like '250ms'/,
    );
    expect(issues({ arrival: { process: 'closed', users: 2, think: { dist: 'uniform', min: '2s', max: '1s' } } })).toEqual([
      'workload.arrival.think.min: expected `min` to be at most `max`',
    ]);
    expect(issues({ arrival: { process: 'closed', users: 2, rate: '2/s' } })[0]).toMatch(/^workload\.arrival\.rate: unknown field 'rate'/);
  });
});

describe(`the documented example (${EXAMPLE})`, () => {
  it('runs: the users stop sending while the backend is paused, and resume after', () => {
    const scenario = documentedExample(EXAMPLE);
    const out = runScenario(scenario);
    expect(Object.fromEntries(out.checks.map((c) => [c.name, c.ok]))).toEqual({ 'fast-before': true, 'fast-during-pause': false });
    const ts = invokes(out);
    const between = (from: number, to: number) => ts.filter((t) => t >= from && t < to).length;
    // 20 users, ~1 s think: about 19 requests a second...
    expect(between(2e6, 10e6)).toBeGreaterThan(8 * 15);
    expect(between(2e6, 10e6)).toBeLessThan(8 * 24);
    // ...but while the backend is paused each user sends at most one, then waits.
    expect(between(10.5e6, 15e6)).toBeLessThanOrEqual(20);
    expect(between(17e6, 25e6)).toBeGreaterThan(8 * 15);
  });
});

describe('the closed-loop snippet in docs/scenario-format.md', () => {
  it('runs: 20 users with about a second of think time', async () => {
    const { parse: parseYaml } = await import('yaml');
    const doc = readFileSync('docs/scenario-format.md', 'utf8');
    const section = doc.slice(doc.indexOf('#### Closed loop'));
    const { arrival } = parseYaml(/```yaml\n([\s\S]*?)```/.exec(section)![1]!) as { arrival: Record<string, unknown> };
    expect(arrival).toMatchObject({ process: 'closed', users: 20 });
    const out = run({ clients: 3, arrival, until: '10s' });
    expect(out.stats.requests).toBeGreaterThan(20 * 8);
    expect(out.stats.requests).toBeLessThan(20 * 12);
  });
});
