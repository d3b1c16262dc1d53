import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMap, runMap } from '../../sim/index.js';
import { mapFromJson } from '../../bin/map/report-json.js';
import { reproduceCommand } from '../../bin/reproduce.js';
import { inProcess, STACK_LINE, tempDir } from '../cli/cli.js';

/**
 * `faultline map` through the built CLI (`npm run build` first), in-process (maps still run on
 * worker threads), and one spawned Ctrl-C test (exit 130).
 */
const RETRY = 'scenarios/retry-storm.yaml';
const EXAMPLE = 'docs/examples/map/retry-storm-map.yaml';
// Naive callers and a retry budget, a short and a long stall, two seeds: 8 runs.
const SMALL = [RETRY, '--param', 'faults[0].duration=100ms,2s', '--variant', 'naive', '--variant', 'budget-only', '--seeds', '1..2', '--no-progress'];

const json = async (args: string[]) => {
  const r = await inProcess(['map', ...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  return { ...r, result: mapFromJson(JSON.parse(r.stdout), 'stdout').result };
};

describe('faultline map', () => {
  const tmp = tempDir();

  it('prints the pass fraction per point and variant, the boundary marked', async () => {
    const r = await inProcess(['map', ...SMALL, '--workers', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^retry-storm {2}map of faults\[0\]\.duration \(ms\) \(2 points\) on seeds 1\.\.2, 2 variants: 8 runs\n/);
    // A row per variant, a column per value; naive breaks past the short stall, the budget holds.
    expect(r.stdout).toContain('  naive         1.00  │ 0.00\n                        ─────\n');
    expect(r.stdout).toContain('  budget-only   1.00    1.00\n');
    expect(r.stdout).toContain('naive: crosses 50% between 100ms (1.00) and 2s (0.00)');
  });

  it('gives the same result on 1 and 2 workers, equal to runMap in one thread', async () => {
    const one = await json([...SMALL, '--workers', '1']);
    const two = await json([...SMALL, '--workers', '2']);
    expect(two.stdout).toBe(one.stdout);
    const m = buildMap(readFileSync(RETRY, 'utf8'), RETRY, [{ path: 'faults[0].duration', values: '100ms,2s' }]);
    if (!m.ok) throw new Error('does not build');
    expect(one.result).toEqual(runMap(m.value.scenario, m.value.axes, m.value.points, { seeds: [1, 2], variants: ['naive', 'budget-only'] }));
  });

  it("a cell's replay line reruns that run: run --param sets the point's values", async () => {
    const { result } = await json(SMALL);
    const run = result.points[1]!.cells[0]!.runs[1]!;
    const r = await inProcess(['run', RETRY, '--variant', 'naive', '--seed', String(run.seed), '--param', 'faults[0].duration=2s', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { traceDigest: string; reproduce: string };
    expect(out.traceDigest).toBe(run.digest);
    expect(out.reproduce).toBe(`${reproduceCommand(RETRY, 'naive', 2)} --param 'faults[0].duration=2s'`);
    const bad = await inProcess(['run', RETRY, '--param', 'faults[0].duration=1s,2s']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('a run takes one value per parameter');
  });

  it('writes a heat map page: axes with units, the boundary, each seed with its replay line', async () => {
    const out = join(tmp.dir, 'map.html');
    const r = await inProcess([
      'map',
      EXAMPLE,
      '--variant',
      'naive',
      '--variant',
      'backoff-budget',
      '--format',
      'html',
      '--out',
      out,
      '--no-progress',
      '--workers',
      '2',
    ]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('workload.arrival.rate (/s) ↓');
    expect(html).toContain('faults[0].duration (ms) →');
    expect(html).toMatch(/class="cell br"/);
    const data = JSON.parse(/<script type="application\/json" id="map-data">(.*?)<\/script>/s.exec(html)![1]!) as {
      grids: { variant: string; rows: string[]; cols: string[]; cells: number[][] }[];
      points: { label: string; cells: { variant: string; runs: { seed: number; failed: string[]; replay: string }[] }[] }[];
    };
    expect(data.grids.map((g) => [g.variant, g.rows, g.cols])).toEqual([
      ['naive', ['60/s', '100/s', '140/s'], ['250ms', '1s', '2s']],
      ['backoff-budget', ['60/s', '100/s', '140/s'], ['250ms', '1s', '2s']],
    ]);
    expect(data.grids[0]!.cells[2]).toEqual([1, 0, 0]);
    const last = data.points[8]!;
    expect(last.label).toBe('workload.arrival.rate=140/s, faults[0].duration=2s');
    expect(last.cells[0]!.runs[0]).toEqual({
      seed: 1,
      failed: ['goodput-recovers'],
      replay: `${reproduceCommand(EXAMPLE, 'naive', 1)} --param workload.arrival.rate=140/s --param 'faults[0].duration=2s'`,
    });
  });

  it('shards of point × seed pairs merge into the unsharded map', async () => {
    const whole = await json([...SMALL, '--workers', '2']);
    const files = [1, 2].map((k) => join(tmp.dir, `shard-${k}.json`));
    for (const [i, f] of files.entries()) {
      const r = await inProcess(['map', ...SMALL, '--shard', `${i + 1}/2`, '--format', 'json', '--out', f, '--workers', '1']);
      expect(r.code).toBe(0);
    }
    const merged = await inProcess(['merge', ...files, '--format', 'json']);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(whole.stdout);
    const missing = await inProcess(['merge', files[0]!]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('shard 2/2 missing');
  });

  it('--find bisects one parameter for where the pass fraction crosses the level', async () => {
    const r = await inProcess([
      'map',
      RETRY,
      '--find',
      'faults[0].duration',
      '--between',
      '100ms..2s',
      '--variant',
      'naive',
      '--seeds',
      '1..2',
      '--steps',
      '3',
      '--no-progress',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/naive: holds at (\d+ms) \(\d\.\d\d\), breaks at (\d+ms) \(\d\.\d\d\): the threshold is between them \(10 runs\)/);
    const [, holds, breaks] = /holds at (\d+)ms.*breaks at (\d+)ms/.exec(r.stdout)!;
    // Three halvings of 1900 ms: an interval of at most 1900/8, rounded to whole ms.
    expect(Number(breaks) - Number(holds)).toBeLessThanOrEqual(238);
    expect(r.stdout).toContain('probed: 100ms (1.00), 2s (0.00), 1050ms');
  });

  it('runs the bundled example from its own map section', async () => {
    const { code, result } = await json([EXAMPLE, '--no-progress', '--workers', '2']);
    expect(code).toBe(0);
    expect(result.variants).toEqual(['naive', 'backoff-only', 'budget-only', 'backoff-budget']);
    expect(result.points).toHaveLength(9);
    const at = (variant: string, point: number) => result.points[point]!.cells.find((c) => c.variant === variant)!.allFraction;
    // The longest stall at the lowest load: naive callers never recover, the budget always does.
    expect([at('naive', 2), at('budget-only', 2), at('backoff-budget', 2)]).toEqual([0, 1, 1]);
  });

  it('bad parameters are positioned errors (exit 2), no stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['--param', 'faults[7].duration=1s,2s'], /retry-storm\.yaml:39:\d+.*faults\[7\] names nothing/s],
      [['--param', 'faults[0].duration=100/s..800/s:8'], /retry-storm\.yaml:43:\d+.*is a duration \("1s" in the file\), but the values given are rates/s],
      [['--param', 'workload.arrival.rate=0/s,100/s'], /at map point workload\.arrival\.rate=0\/s: expected a rate from 1\/h/],
      [['--param', 'faults[0].duration'], /--param: expected PATH=VALUES/],
      [['--find', 'workload.arrival.process', '--between', '1..2'], /--find bisects numbers/],
      [['--find', 'faults[0].duration', '--between', '1s..2'], /from a duration to a number/],
      [['--check', 'goodput'], /no check named 'goodput'/],
    ];
    for (const [args, want] of cases) {
      const r = await inProcess(['map', RETRY, ...args, '--no-progress']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(want);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
    const none = await inProcess(['map', 'scenarios/split-brain.yaml']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('has no `map` section and no --param was given');
  });

  // Spawned: a real SIGINT to a real process, exit 130.
  it('Ctrl-C keeps the finished points, marked interrupted', async () => {
    const out = join(tmp.dir, 'interrupted.json');
    const args = ['bin/faultline.js', 'map', 'scenarios/split-brain.yaml', '--param', 'faults[0].duration=1s,10s', '--variant', 'naive'];
    const child = spawn(process.execPath, [...args, '--seeds', '1..20000', '--workers', '2', '--format', 'json', '--out', out]);
    let stderr = '';
    let sent = false;
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (!sent && stderr.includes('faultline map: 10%')) sent = child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(130);
    expect(stderr).toContain('faultline map: interrupted; writing the runs that finished');
    const { result } = mapFromJson(JSON.parse(readFileSync(out, 'utf8')), out);
    expect(result.interrupted).toBe(true);
    expect(result.runsCompleted).toBeGreaterThanOrEqual(4000);
    expect(result.runsCompleted).toBeLessThan(40000);
    expect(result.points[0]!.cells[0]!.runs.length).toBeGreaterThan(0);
  });
});
