import { describe, expect, it } from 'vitest';
import { ArrayTraceSink, type HistoryEntry } from '../../sim/index.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { loadBundled } from './bundled.js';

const S = 1_000_000;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** ok completions over invokes, for ops invoked in [fromUs, toUs). */
function okRatio(history: readonly HistoryEntry[], fromUs: number, toUs: number): number {
  const invoked = new Set(history.filter((h) => h.type === 'invoke' && h.time >= fromUs && h.time < toUs).map((h) => h.op));
  return history.filter((h) => h.type === 'ok' && invoked.has(h.op)).length / invoked.size;
}

describe('retry-storm', () => {
  const scenario = loadBundled('retry-storm.yaml');
  const traced = (variant: string, seed: number) => {
    const sink = new ArrayTraceSink();
    const run = runScenario(scenario, { variant, seed, trace: sink });
    return { run, trace: sink.events };
  };

  it('naive: healthy before the stall, and the same load keeps it down long after (metastable)', () => {
    for (const seed of [1, 2]) {
      const { run } = traced('naive', seed);
      expect(okRatio(run.history, 1 * S, 5 * S)).toBeGreaterThan(0.95);
      expect(okRatio(run.history, 11 * S, 19 * S)).toBeLessThan(0.05);
    }
  });

  it('naive: after the stall the backend works flat out on requests whose callers have given up', () => {
    const { run, trace } = traced('naive', 1);
    // Responses the backend sent from 11 s to 20 s: roughly its capacity (4 workers / 25 ms)...
    const answered = trace.filter((e) => e.type === 'send' && e.from === 'backend' && e.at >= 11 * S).length;
    expect(answered).toBeGreaterThan(9 * 140);
    // ...yet almost none of them reached a caller still waiting.
    const okLate = run.history.filter((h) => h.type === 'ok' && h.time >= 11 * S).length;
    expect(okLate).toBeLessThan(answered / 20);
    // Retries multiply the load: about 4 attempts reach the backend per operation.
    const ops = run.history.filter((h) => h.type === 'invoke' && h.time >= 11 * S && h.time < 19 * S).length;
    const attempts = trace.filter((e) => e.type === 'send' && e.to === 'backend' && e.at >= 11 * S && e.at < 19 * S).length;
    expect(attempts / ops).toBeGreaterThan(3);
    // The backend's own count agrees: most of what it answered came later than the callers' 500 ms.
    const wasted = run.series.nodes.backend!.wasted!;
    expect(sum(wasted.values.slice((11 * S) / run.series.bucketUs))).toBeGreaterThan(answered * 0.9);
  });

  it('backoff-budget: retries stay a small share of the calls, and goodput comes back', () => {
    const { run, trace } = traced('backoff-budget', 1);
    const ops = run.history.filter((h) => h.type === 'invoke').length;
    const attempts = trace.filter((e) => e.type === 'send' && e.to === 'backend').length;
    expect(attempts / ops).toBeLessThan(1.2);
    expect(okRatio(run.history, 11 * S, 19 * S)).toBeGreaterThan(0.95);
  });

  it('load-shedding: the backend drops the abandoned requests instead of working on them, and recovers', () => {
    const { run } = traced('load-shedding', 1);
    expect(sum(run.series.nodes.backend!.expired!.values)).toBeGreaterThan(50);
    expect(okRatio(run.history, 11 * S, 19 * S)).toBeGreaterThan(0.95);
  });
});
