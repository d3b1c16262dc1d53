import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/index.js';
import { inProcess, SCENARIO, tempDir } from '../cli/cli.js';

/**
 * A strategy that is not deterministic across threads: a salt fixed when its module loads, as a
 * Math.random() at load would be, but taken from the thread's id, so that two threads that load it
 * one after the other always disagree (thread ids count up). With salt 1 each client's second
 * call is rejected.
 */
const SALTED = `import { threadId } from 'node:worker_threads';
const salt = threadId % 2;
export default () => {
  let calls = 0;
  return (call) => (done, cancel) => {
    calls++;
    if (salt === 1 && calls === 2) return done({ kind: 'rejected', by: 'salted' });
    call(done, cancel);
  };
};
`;
/**
 * A strategy that keeps state in its module between runs: it counts the policies it has made, and
 * every one after the first rejects its client's second call. In one process a run and its replay
 * therefore always differ (client-1's policy is the first in the run, a later one in the replay).
 */
const COUNTING = `let made = 0;
export default () => {
  const mine = ++made;
  let calls = 0;
  return (call) => (done, cancel) => {
    calls++;
    if (mine > 1 && calls === 2) return done({ kind: 'rejected', by: 'counting' });
    call(done, cancel);
  };
};
`;
const withClient = (layer: string) => readFileSync(SCENARIO, 'utf8').replace(/x-client: &client\n(  - .*\n)+/, `x-client: &client\n  - ${layer}\n`);

describe('sweep and run: what a second read found', () => {
  const tmp = tempDir();
  mkdirSync(join(tmp.dir, 'strat'), { recursive: true });
  tmp.file('strat/salted.mjs', SALTED);
  tmp.file('strat/pass.mjs', 'export default () => (call) => call;\n');
  const salted = tmp.file('salted.yaml', withClient('{ type: custom, module: ./strat/salted.mjs }'));
  tmp.file('strat/counting.mjs', COUNTING);
  const counting = tmp.file('counting.yaml', withClient('{ type: custom, module: ./strat/counting.mjs }'));

  it('--check-determinism re-runs on fresh threads, so it catches state kept in a module even with one worker', async () => {
    // The first pass runs every seed on one thread; the re-runs run on a fresh one, whose salt
    // differs. Re-run on the first thread, every digest would match.
    const r = await inProcess([
      'sweep',
      salted,
      '--variant',
      'naive',
      '--seeds',
      '1..6',
      '--workers',
      '1',
      '--check-determinism=100%',
      '--shrink',
      'none',
      '--no-progress',
    ]);
    expect(r.stdout + r.stderr).toMatch(/determinism/i);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/differ|mismatch/i);
  });

  it('run: a replay that differs is explained as nondeterminism in user code, exit 1, not an internal error', async () => {
    // Same process, same module: its count of policies goes on from the run to its traced
    // replay, so the two differ. (No other test loads counting.mjs, so it starts at 0 here.)
    const r = await inProcess(['run', counting, '--variant', 'naive']);
    expect(r.code).not.toBe(3);
    expect(r.stderr).toMatch(/the same seed gave two different runs/);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Math\.random/);
  });

  it('names regression files safely inside --shrink-out, and rebases relative strategy modules', async () => {
    const text = withClient('{ type: custom, module: ./strat/pass.mjs }').replace(/^name: .*$/m, 'name: ../../escaped</script>');
    const file = tmp.file('escape.yaml', text);
    const out = join(tmp.dir, 'deep', 'regs');
    // naive fails as expected (exit 0); `--shrink all` shrinks expected failures too.
    const r = await inProcess(['sweep', file, '--variant', 'naive', '--seeds', '1..2', '--shrink', 'all', '--shrink-out', out, '--no-progress']);
    expect(r.code).toBe(0);
    const written = readdirSync(out);
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((f) => /^[A-Za-z0-9._-]+\.yaml$/.test(f) && !f.startsWith('.'))).toBe(true);
    expect(existsSync(join(tmp.dir, '..', 'escaped'))).toBe(false);
    const regression = join(out, written[0]!);
    expect(readFileSync(regression, 'utf8')).toContain('module: ../../strat/pass.mjs');
    expect(parseScenario(readFileSync(regression, 'utf8'), regression).ok).toBe(true);
    const rerun = await inProcess(['run', regression]);
    expect(rerun.code).toBe(1); // loads its module from the new place, and still fails
    expect(rerun.stdout).toMatch(/FAIL/);
  });

  it('merge: a damaged sweep report is bad input (exit 2) naming the file and the field', async () => {
    const bad = tmp.file('bad.json', JSON.stringify({ kind: 'sweep', schemaVersion: 1, scenario: 'x', seeds: '1..3', variants: [{ variant: 'a' }] }));
    const r = await inProcess(['merge', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: is not a whole sweep report: variants\[0\]\.checks: expected a list/);
  });
});
