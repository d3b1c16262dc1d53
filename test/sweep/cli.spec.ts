import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario, sweep } from '../../sim/index.js';
import { sweepFromJson } from '../../bin/sweep/report-json.js';
import { cli, inProcess, STACK_LINE, tempDir } from '../cli/cli.js';
import { load, range, SPLIT_BRAIN, swarmText } from './fixtures.js';

/**
 * `faultline sweep` and friends through the built CLI (npm test builds first), in-process (sweeps
 * still run on worker threads), except one spawned end-to-end test each for sweep, replay, merge
 * and Ctrl-C (exit 130).
 */
describe('faultline sweep', () => {
  const tmp = tempDir();
  const swarm = tmp.file('sb.yaml', swarmText());
  const json = async (args: string[]) => {
    const r = await inProcess(['sweep', ...args, '--format', 'json', '--no-progress']);
    return { ...r, result: sweepFromJson(r.stdout, 'stdout').result };
  };

  it('gives the same result on 1 and 2 workers, equal to the single-threaded sweep()', async () => {
    const args = [swarm, '--seeds', '1..60', '--swarm', '--check-determinism=20%'];
    const one = await inProcess(['sweep', ...args, '--workers', '1', '--format', 'json', '--no-progress']);
    const two = await inProcess(['sweep', ...args, '--workers', '2', '--format', 'json', '--no-progress']);
    expect(one.code).toBe(1); // swarm plans break fencing: not as expected
    expect(two.stdout).toBe(one.stdout);
    expect(sweepFromJson(one.stdout, 'x').result).toEqual(sweep(load(swarmText()), { seeds: range(1, 60), swarm: true, checkDeterminism: 0.2 }));
  });

  // End to end, spawned: the sweep command and exit 0.
  it('exits 0 when every cell is as expected, and reports per variant', () => {
    const r = cli(['sweep', SPLIT_BRAIN, '--seeds', '1..30', '--workers', '2', '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^split-brain {2}sweep of seeds 1\.\.30 \(30 seeds × 5 variants = 150 runs\)/);
    expect(r.stdout).toContain('naive              ✗ 0/30 pass (expect fail)');
    expect(r.stdout).toContain('npx faultline run scenarios/split-brain.yaml --variant naive --seed 1');
    expect(r.stdout).toMatch(/AS EXPECTED/);
    expect(r.stderr).toBe('');
  });

  it('replays a failing seed with the digest the sweep recorded, and writes its trace as JSON lines', async () => {
    const { result } = await json([swarm, '--seeds', '1..40', '--variant', 'fencing', '--swarm', '--shrink', 'none']);
    const failure = result.variants[0]!.checks[0]!.failures[0]!;
    const trace = join(tmp.dir, 'trace.jsonl');
    // End to end, spawned: the replay command.
    const r = cli(['replay', swarm, '--variant', 'fencing', '--seed', String(failure.seed), '--swarm', '--trace', trace, '--format', 'json']);
    expect(r.code).toBe(1);
    const run = JSON.parse(r.stdout) as { traceDigest: string; plan: unknown[] };
    expect(run.traceDigest).toBe(failure.digest);
    expect(run.plan).toEqual(failure.plan);
    const lines = readFileSync(trace, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'start', at: 0 });
    expect(lines.length).toBeGreaterThan(50);
    const text = await inProcess(['replay', swarm, '--variant', 'fencing', '--seed', String(failure.seed), '--swarm']);
    expect(text.stdout).toMatch(/^Fault plan drawn by seed \d+:\n {2}t=/);
    expect(text.stdout).toContain(`trace digest ${failure.digest}`);
  });

  it('shards partition the seeds, and merging the shards gives the unsharded report', async () => {
    const base = [swarm, '--seeds', '1..45', '--swarm', '--workers', '2'];
    const whole = await inProcess(['sweep', ...base, '--format', 'json', '--no-progress']);
    const files: string[] = [];
    for (const k of [1, 2, 3]) {
      const out = join(tmp.dir, `shard-${k}.json`);
      const r = await inProcess(['sweep', ...base, '--shard', `${k}/3`, '--format', 'json', '--out', out, '--shrink-out', join(tmp.dir), '--no-progress']);
      expect(r.code).toBe(1);
      files.push(out);
    }
    const seeds = files.map((f) => sweepFromJson(readFileSync(f, 'utf8'), f).result.seeds);
    expect(seeds.flat().sort((a, b) => a - b)).toEqual(range(1, 45));
    // End to end, spawned: the merge command.
    const merged = cli(['merge', ...files.reverse(), '--format', 'json']);
    expect(merged.code).toBe(1);
    const strip = (text: string) => {
      const r = sweepFromJson(text, 'x').result;
      // Only the shard runs wrote regression files (--shrink-out); the results are otherwise equal.
      return {
        ...r,
        variants: r.variants.map((v) => ({ ...v, checks: v.checks.map((c) => (c.shrink ? { ...c, shrink: { ...c.shrink, written: undefined } } : c)) })),
      };
    };
    expect(strip(merged.stdout)).toEqual(strip(whole.stdout));
    expect((await inProcess(['merge', files[0]!, files[1]!])).stderr).toMatch(
      /shard 1\/3 is missing: the files given are shards 2\/3, 3\/3, and merge needs all 3/,
    );
  });

  it('writes shrunk failures as scenario files that load and reproduce the failure', async () => {
    // The directory does not exist yet: it is created, as `mkdir -p` would.
    const regressions = join(tmp.dir, 'regressions', 'split-brain');
    const r = await inProcess([
      'sweep',
      swarm,
      '--seeds',
      '1..40',
      '--variant',
      'fencing',
      '--swarm',
      '--shrink-out',
      regressions,
      '--no-progress',
      '--out',
      join(tmp.dir, 'report.txt'),
    ]);
    expect(r.code).toBe(1);
    const report = readFileSync(join(tmp.dir, 'report.txt'), 'utf8');
    const written = /regression scenario: (\S+)/.exec(report)![1]!;
    expect(written.startsWith(regressions)).toBe(true);
    expect(report).toMatch(/shrunk in \d+ runs: \d faults? → \d faults? on seed \d+, still failing:/);
    const parsed = parseScenario(readFileSync(written, 'utf8'), written);
    expect(parsed.ok).toBe(true);
    const rerun = await inProcess(['run', written]);
    expect(rerun.code).toBe(1);
    expect(rerun.stdout).toMatch(/FAIL {2}1 of 1 check failed/);
    if (parsed.ok) expect(runScenario(parsed.scenario).verdict).toBe('fail');
  });

  it('reports a model that throws with its seed, and the other seeds still run', async () => {
    // Throws inside a call, so inside a model's handler: a ModelError naming node, time and event.
    tmp.file(
      'flaky.mjs',
      `export default (options, env) => (call) => (done, cancel) => { if (env.random.next() < 0.02) throw new Error('kaboom'); call(done, cancel); };\n`,
    );
    const text = readFileSync('scenarios/duplicate-payment.yaml', 'utf8').replace(
      /x-client: &client\n(  - .*\n)+/,
      'x-client: &client\n  - { type: custom, module: ./flaky.mjs }\n',
    );
    const flaky = tmp.file('flaky.yaml', text);
    const r = await inProcess(['sweep', flaky, '--seeds', '1..20', '--variant', 'idempotency-key', '--workers', '2', '--no-progress']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Runs that threw/);
    expect(r.stdout).toMatch(/ {2}idempotency-key seed \d+: the model on node 'client-\d' threw at t=\S+ while handling .+: kaboom/);
    const { result } = await json([flaky, '--seeds', '1..20', '--variant', 'idempotency-key', '--workers', '2']);
    const v = result.variants[0]!;
    expect(v.errorCount).toBeGreaterThan(0);
    expect(v.runs).toBe(20);
    expect(v.runs - v.errorCount).toBeGreaterThan(0);
    expect(r.stdout + r.stderr).not.toMatch(STACK_LINE);
  });

  it('reports a worker that dies with the seed it was running, replaces it and goes on', async () => {
    tmp.file('exits.mjs', `export default (options, env) => { if (env.random.next() < 0.1) process.exit(7); return (call) => call; };\n`);
    const text = readFileSync('scenarios/duplicate-payment.yaml', 'utf8').replace(
      /x-client: &client\n(  - .*\n)+/,
      'x-client: &client\n  - { type: custom, module: ./exits.mjs }\n',
    );
    const { result, code } = await json([tmp.file('exits.yaml', text), '--seeds', '1..20', '--variant', 'idempotency-key', '--workers', '2']);
    expect(code).toBe(1);
    const v = result.variants[0]!;
    expect(v.runs).toBe(20);
    expect(v.errors.length).toBeGreaterThan(0);
    expect(v.errors[0]!.error).toEqual({ kind: 'worker-crash', message: 'the worker thread exited with code 7' });
  });

  it('passes --check-determinism on a deterministic scenario', async () => {
    const r = await inProcess(['sweep', SPLIT_BRAIN, '--seeds', '1..40', '--check-determinism=50%', '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Determinism: re-ran \d+ runs \(50% of the runs\): every trace digest matched/);
  });

  it('writes JUnit XML', async () => {
    const r = await inProcess(['sweep', SPLIT_BRAIN, '--seeds', '1..5', '--format', 'junit', '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<\?xml/);
    expect(r.stdout).toContain('<testsuite name="split-brain" tests="5" failures="0"');
  });

  it('bad input: exit 2 with one paragraph, no stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [[SPLIT_BRAIN, '--swarm'], /split-brain\.yaml: has no `swarm` section/],
      [[SPLIT_BRAIN, '--shard', '4/3'], /--shard: expected K\/N with 1 ≤ K ≤ N/],
      [[SPLIT_BRAIN, '--check-determinism=150%'], /--check-determinism: expected a share/],
      [[SPLIT_BRAIN, '--variant', 'fencin'], /no variant named 'fencin'; did you mean 'fencing'\?/],
      [[SPLIT_BRAIN, '--workers', '0'], /--workers: expected a whole number from 1 to 256/],
    ];
    for (const [args, message] of cases) {
      const r = await inProcess(['sweep', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
    const notSweep = tmp.file('not-a-sweep.json', '{"kind":"run"}');
    const m = await inProcess(['merge', notSweep]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/not-a-sweep\.json: is not a sweep report/);
  });

  // Spawned: a real SIGINT to a real process, exit 130.
  it('Ctrl-C stops cleanly and writes the runs that finished, marked interrupted', async () => {
    const out = join(tmp.dir, 'interrupted.json');
    const child = spawn(process.execPath, [
      'bin/faultline.js',
      'sweep',
      SPLIT_BRAIN,
      '--variant',
      'naive',
      '--seeds',
      '1..40000',
      '--workers',
      '2',
      '--format',
      'json',
      '--out',
      out,
    ]);
    let stderr = '';
    let sent = false;
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (!sent && stderr.includes('faultline sweep: 10%')) sent = child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted; writing the runs that finished/);
    const { result } = sweepFromJson(readFileSync(out, 'utf8'), out);
    expect(result.interrupted).toBe(true);
    expect(result.runsCompleted).toBeGreaterThanOrEqual(4000);
    expect(result.runsCompleted).toBeLessThan(40000);
    expect(result.variants[0]!.runs).toBe(result.runsCompleted);
  });
});
