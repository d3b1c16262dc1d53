import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineModel, isRequest, parseScenario, reply, runScenario } from '../../sim/index.js';

const EXAMPLE = 'docs/examples/format/retry-after.yaml';

/** Answers the n-th request for a key with `answers[n]` (an error, with its hint), then ok. */
const scriptedServer = defineModel({
  name: 'test-scripted-server',
  summary: 'answers scripted errors, then ok',
  params: z.strictObject({
    answers: z.array(z.strictObject({ error: z.string(), retryable: z.boolean().default(false), retryAfterUs: z.number().optional() })).default([]),
  }),
  create: (p) => (ctx) => {
    const seen = new Map<string, number>();
    return {
      onMessage(from, msg) {
        if (!isRequest(msg)) return;
        const n = seen.get(msg.key) ?? 0;
        seen.set(msg.key, n + 1);
        ctx.effect('attempt', msg.key, { n });
        const a = p.answers[n];
        if (a === undefined) return reply(ctx, from, msg, { ok: true });
        reply(ctx, from, msg, { ok: false, error: a.error, retryable: a.retryable, ...(a.retryAfterUs === undefined ? {} : { retryAfterUs: a.retryAfterUs }) });
      },
    };
  },
});
const models = { './server.ts': scriptedServer };

function run(answers: unknown[], retry: Record<string, unknown>) {
  const input = {
    name: 'retry-on',
    duration: '20s',
    network: { default: { latency: { dist: 'constant', value: '1ms' } } },
    nodes: [{ id: 'api', model: './server.ts', params: { answers } }],
    workload: { clients: 1, target: 'api', arrival: { process: 'burst', at: '1s', count: 1 }, ops: [{ f: 'op' }] },
    variants: { v: { client: [{ type: 'retry', maxAttempts: 4, waitDuration: '10ms', ...retry }] } },
    checks: [{ check: 'slo', errorRate: '0%' }],
  };
  const r = parseScenario(JSON.stringify(input), 'retry-on.json', { models });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const out = runScenario(r.scenario, { models });
  return { out, attemptsUs: out.effects.filter((e) => e.kind === 'attempt').map((e) => e.time), end: out.history.find((e) => e.type !== 'invoke') };
}

describe('retry on chosen error classes, through a run', () => {
  it('retries a 429 after its Retry-After hint and a 503 after the backoff, then succeeds', () => {
    const r = run([{ error: '429 slow down', retryAfterUs: 2_000_000 }, { error: '503 unavailable' }], { retryOn: [429, '5xx'] });
    // Sent at 1s, answered 1.002s; the hint: next at 3.002s (arrives 3.003s), answered 3.004s;
    // 10ms backoff: sent 3.014s, arrives 3.015s, ok at 3.016s.
    expect(r.attemptsUs).toEqual([1_001_000, 3_003_000, 3_015_000]);
    expect(r.end).toMatchObject({ type: 'ok', time: 3_016_000 });
  });

  it('by default a non-retryable 429 is final; listed, it is retried even so', () => {
    const answers = [{ error: '429 slow down' }];
    expect(run(answers, {}).attemptsUs).toHaveLength(1);
    expect(run(answers, {}).end).toMatchObject({ type: 'fail', note: '429 slow down' });
    expect(run(answers, { retryOn: [429] }).attemptsUs).toHaveLength(2);
  });

  it('an error outside the list is not retried, even when marked retryable', () => {
    const r = run([{ error: '409 conflict', retryable: true }], { retryOn: ['5xx'] });
    expect(r.attemptsUs).toHaveLength(1);
    expect(r.end).toMatchObject({ type: 'fail' });
  });

  it('the hint is ignored with honourRetryAfter: false', () => {
    const r = run([{ error: '503', retryable: true, retryAfterUs: 5_000_000 }], { honourRetryAfter: false });
    expect(r.attemptsUs).toEqual([1_001_000, 1_013_000]);
  });

  it('bad retryOn entries are positioned errors', () => {
    const text = readFileSync(EXAMPLE, 'utf8').replace('retryOn: [429, 5xx, timeout]', 'retryOn: [429, 5XX, timeout]');
    const r = parseScenario(text, EXAMPLE);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ path: ['variants', 'retry-429', 'client', 0, 'retryOn', 1], line: 32 });
    expect(r.issues[0]!.message).toMatch(/a class like 5xx, found "5XX"/);
  });
});

describe(`the documented example (${EXAMPLE})`, () => {
  it('the default retry gives up on half the burst; retrying 429s after the hint gets all ten through', () => {
    expect(readFileSync('docs/strategies.md', 'utf8')).toContain('examples/format/retry-after.yaml');
    const r = parseScenario(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const give = runScenario(r.scenario, { variant: 'default-retry' });
    expect(give.stats).toMatchObject({ requests: 10, ok: 5, failed: 5 });
    expect(give.verdict).toBe('fail');
    const retried = runScenario(r.scenario, { variant: 'retry-429' });
    expect(retried.stats).toMatchObject({ requests: 10, ok: 10 });
    expect(retried.verdict).toBe('pass');
    // The five refused at 1.5s come back after the 1s hint, in the next window: admitted at 2.503s.
    const admits = retried.effects.filter((e) => e.kind === 'admit').map((e) => e.time);
    expect(admits).toEqual([...Array(5).fill(1_501_000), ...Array(5).fill(2_503_000)]);
  });
});
