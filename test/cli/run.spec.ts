import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, inProcess, SCENARIO, STACK_LINE, tempDir } from './cli.js';

const ESC = '\u001b[';

describe('faultline run', () => {
  // End to end, spawned as a user runs it: the run command and exit 1. The rest runs in-process.
  it('reports a failing variant, exits 1 and ends with a reproducer that replays it exactly', () => {
    const r = cli(['run', SCENARIO, '--variant', 'naive', '--seed', '3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^duplicate-payment {2}variant naive {2}seed 3\nFAIL {2}1 of 3 checks failed\n/);
    expect(r.stdout).toMatch(/✗ exactly-once \(safety\) at t=/);
    expect(r.stdout).toMatch(/\nFirst violation: exactly-once at t=/);
    expect(r.stdout).toMatch(/\nStatistics\n {2}requests/);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`Reproduce: npx faultline run ${SCENARIO} --variant naive --seed 3`);

    // The line runs as written, in a shell, after the README's `npm ci`.
    const replay = spawnSync('sh', ['-c', lines.at(-1)!.replace('Reproduce: ', '')], {
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined },
    });
    expect(replay.stdout).toBe(r.stdout);
    expect(replay.status).toBe(1);
  });

  it('exits 0 with no reproducer when every check held', async () => {
    const r = await inProcess(['run', SCENARIO, '--variant', 'idempotency-key']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nPASS {2}all 3 checks held\n/);
    expect(r.stdout).not.toMatch(/Reproduce:/);
  });

  it('defaults to the first variant and the scenario seed', async () => {
    const r = await inProcess(['run', SCENARIO, '--format', 'json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ variant: 'naive', seed: 1 });
  });

  it('puts only JSON on stdout with --format json', async () => {
    const r = await inProcess(['run', SCENARIO, '--variant', 'naive', '--seed', '2', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual([
      'schemaVersion',
      'kind',
      'scenario',
      'variant',
      'seed',
      'verdict',
      'checks',
      'stats',
      'stopReason',
      'endUs',
      'events',
      'timeline',
      'series',
      'traceDigest',
      'reproduce',
    ]);
    expect(report).toMatchObject({ schemaVersion: 1, kind: 'run', scenario: 'duplicate-payment', variant: 'naive', seed: 2, verdict: 'fail' });
    expect(report.checks[0]).toMatchObject({ name: 'exactly-once', kind: 'safety', ok: false });
    expect(typeof report.checks[0].at).toBe('number');
    expect(report.traceDigest).toMatch(/^[0-9a-f]+$/);
    expect(report.reproduce).toBe(`npx faultline run ${SCENARIO} --variant naive --seed 2`);
  });

  it('lists the variants for an unknown --variant and exits 2', async () => {
    const r = await inProcess(['run', SCENARIO, '--variant', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${SCENARIO}: variants: no variant named 'nope' (variants: naive, idempotency-key, unique-constraint)\n`);
  });

  it('suggests a close variant name', async () => {
    expect((await inProcess(['run', SCENARIO, '--variant', 'naiv'])).stderr).toMatch(/no variant named 'naiv'; did you mean 'naive'\?/);
  });

  it.each([['-1'], ['abc'], ['1.5']])('rejects --seed %s with exit 2', async (seed) => {
    const r = await inProcess(['run', SCENARIO, `--seed=${seed}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^faultline: --seed: expected a whole number of zero or more/);
  });

  // Spawned: chalk decides colour support once, at import, from the environment and the stream.
  it('prints no colour when piped, and colour when FORCE_COLOR asks', () => {
    expect(cli(['run', SCENARIO]).stdout).not.toContain(ESC);
    expect(cli(['run', SCENARIO], { FORCE_COLOR: '1' }).stdout).toContain(ESC);
    expect(cli(['run', SCENARIO], { NO_COLOR: '1' }).stdout).not.toContain(ESC);
  });

  describe('--out', () => {
    const tmp = tempDir();

    it('writes the report to the file, without colour, and nothing to stdout', async () => {
      const out = join(tmp.dir, 'report.txt');
      // Spawned, for FORCE_COLOR (see above).
      const r = cli(['run', SCENARIO, '--out', out], { FORCE_COLOR: '1' });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const text = readFileSync(out, 'utf8');
      expect(text).not.toContain(ESC);
      expect(text).toBe((await inProcess(['run', SCENARIO])).stdout);
    });

    it('writes JSON to the file: the report stdout gets, streamed to both', async () => {
      const out = join(tmp.dir, 'report.json');
      await inProcess(['run', SCENARIO, '--format', 'json', '--out', out]);
      const text = readFileSync(out, 'utf8');
      expect(JSON.parse(text).kind).toBe('run');
      expect(text).toBe((await inProcess(['run', SCENARIO, '--format', 'json'])).stdout);
    });

    it('killed while it writes a JSON report, leaves the old report whole (or the new one whole)', async () => {
      // A longer run (about 70 k events), so its report is written in several chunks.
      const yaml = readFileSync('scenarios/canary-rollback.yaml', 'utf8')
        .replace(/^duration: 12s$/m, 'duration: 101s')
        .replace(/^ {2}until: 11s$/m, '  until: 100s');
      const scenario = tmp.file('long.yaml', yaml);
      const out = tmp.file('long.json', 'the old report\n');
      const child = spawn(process.execPath, ['bin/faultline.js', 'run', scenario, '--format', 'json', '--out', out], { stdio: 'ignore' });
      // Killed (no chance to clean up) the moment its temporary file appears.
      const watcher = watch(tmp.dir, (_, name) => {
        if (name?.startsWith('.long.json.')) child.kill('SIGKILL');
      });
      await new Promise((done) => child.on('exit', done));
      watcher.close();
      const whole = (await inProcess(['run', scenario, '--format', 'json'])).stdout;
      expect(['the old report\n', whole]).toContain(readFileSync(out, 'utf8'));
      // The next write replaces it whole and removes what the killed one left.
      await inProcess(['run', scenario, '--format', 'json', '--out', out]);
      expect(readFileSync(out, 'utf8')).toBe(whole);
      expect(readdirSync(tmp.dir).filter((f) => f.startsWith('.long.json.'))).toEqual([]);
    });

    it('exits 2 when the directory to write in does not exist', async () => {
      const r = await inProcess(['run', SCENARIO, '--out', join(tmp.dir, 'nope', 'r.txt')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/r\.txt: cannot write the report here: the directory .*nope does not exist \(ENOENT\)/);
    });
  });

  describe('a model that throws', () => {
    const tmp = tempDir();
    tmp.file('boom.mjs', `export default () => () => () => { throw new Error('kaboom'); };\n`);
    const scenario = tmp.file(
      'boom.yaml',
      readFileSync(SCENARIO, 'utf8').replace(/x-client: &client\n(  - .*\n)+/, 'x-client: &client\n  - { type: custom, module: ./boom.mjs }\n'),
    );

    it('is one paragraph naming the node, the time and the event, exit 1, no stack trace', async () => {
      const r = await inProcess(['run', scenario, '--variant', 'naive']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^model error: the model on node 'client-\d' threw at t=[\d.]+m?s while handling .+: kaboom \(at .*boom\.mjs:1:\d+\)\. /);
      expect(r.stderr).toContain(`Replay it with: npx faultline run ${scenario} --variant naive --seed 1`);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    });

    it('shows the stack with FAULTLINE_DEBUG=1', async () => {
      expect((await inProcess(['run', scenario], { FAULTLINE_DEBUG: '1' })).stderr).toMatch(STACK_LINE);
    });
  });
});
