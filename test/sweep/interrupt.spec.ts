import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepFromJson } from '../../bin/sweep/report-json.js';
import { mergeSweeps } from '../../sim/sweep/merge.js';
import { sweep } from '../../sim/sweep/sweep.js';
import { tempDir } from '../cli/cli.js';
import { load, range, SPLIT_BRAIN } from './fixtures.js';

/**
 * An interrupted sweep says what it covers: which seeds finished per variant (outcomes stream from
 * the workers run by run, so slow runs are kept as they finish), how many runs were dropped in
 * flight and how many never started; its JUnit form has an `interrupted` case. Spawned: a real
 * SIGINT to a real process.
 */
function interruptedSweep(args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, ['bin/faultline.js', 'sweep', 'scenarios/pg-timeout-cascade.yaml', '--seeds', '1..400', '--workers', '2', ...args]);
  // Interrupted once the sweep is under way (its first progress line, at a tenth of the runs),
  // however long a loaded machine takes to get there: a fixed delay could land before it starts.
  let sent = false;
  child.stderr.on('data', (d: Buffer) => {
    if (!sent && d.toString().includes('% (')) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  return new Promise((resolve) => child.on('exit', (c) => resolve(c)));
}

describe('an interrupted sweep', () => {
  const tmp = tempDir();

  it('lists the seeds that finished per variant and counts the runs it dropped', async () => {
    const out = join(tmp.dir, 'interrupted.json');
    expect(await interruptedSweep(['--format', 'json', '--out', out])).toBe(130);
    const { result } = sweepFromJson(readFileSync(out, 'utf8'), out);
    expect(result.interrupted).toBe(true);
    const i = result.interruption!;
    expect(i.finished.map((f) => f.variant)).toEqual(result.variants.map((v) => v.variant));
    for (const [k, f] of i.finished.entries()) expect(f.seeds.length).toBe(result.variants[k]!.runs);
    expect(result.runsCompleted + i.droppedInFlight + i.notStarted).toBe(result.runsPlanned);
    expect(i.droppedInFlight).toBeLessThanOrEqual(2);
  });

  it('has an interrupted marker in JUnit, and no "passed on 0 of 0 seeds"', async () => {
    const out = join(tmp.dir, 'interrupted.xml');
    expect(await interruptedSweep(['--format', 'junit', '--out', out])).toBe(130);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(/<testcase name="interrupted \(liveness\) \[seed 1\.\.400\]" classname="faultline\.pg-timeout-cascade\.sweep"/);
    expect(xml).toMatch(/interrupted \(Ctrl-C\) after \d+ of 1600 runs; the other cases cover only the runs that finished\./);
    expect(xml).not.toMatch(/passed on 0 of 0 seeds/);
  });

  it('merged with a shard that finished, covers that shard’s seeds too', () => {
    const s = load(readFileSync(SPLIT_BRAIN, 'utf8'));
    const a = sweep(s, { seeds: range(1, 8), variants: ['naive'], shard: { index: 1, count: 2 } });
    const b = sweep(s, { seeds: range(1, 8), variants: ['naive'], shard: { index: 2, count: 2 } });
    const cut = { ...b, interrupted: true, interruption: { finished: [{ variant: 'naive', seeds: [2] }], droppedInFlight: 1, notStarted: 2 } };
    const merged = mergeSweeps([a, cut]);
    if (!merged.ok) throw new Error(merged.message);
    expect(merged.result.interruption).toEqual({ finished: [{ variant: 'naive', seeds: [1, 2, 3, 5, 7] }], droppedInFlight: 1, notStarted: 2 });
  });
});
