import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/index.js';
import { cli, SCENARIO, tempDir } from '../cli/cli.js';

/** A strategy that is not deterministic across processes: it draws a salt from Math.random at load. */
const SALTED = `const salt = Math.random() < 0.5 ? 0 : 1;
let calls = 0;
export default () => (call) => (done, cancel) => {
  calls++;
  if (salt === 1 && calls % 7 === 0) return done({ kind: 'rejected', by: 'salted' });
  call(done, cancel);
};
`;
const withClient = (layer: string) => readFileSync(SCENARIO, 'utf8').replace(/x-client: &client\n(  - .*\n)+/, `x-client: &client\n  - ${layer}\n`);

describe('sweep and run: what a second read found', () => {
  const tmp = tempDir();
  mkdirSync(join(tmp.dir, 'strat'), { recursive: true });
  tmp.file('strat/salted.mjs', SALTED);
  tmp.file('strat/pass.mjs', 'export default () => (call) => call;\n');
  const salted = tmp.file('salted.yaml', withClient('{ type: custom, module: ./strat/salted.mjs }'));

  it('--check-determinism re-runs on fresh threads, so it catches state kept in a module even with one worker', () => {
    // Each process draws its salt anew; a fresh re-run thread disagrees with probability 1/2,
    // so over eight sweeps a miss every time would be a 1-in-256 event.
    let caught = 0;
    for (let i = 0; i < 8 && caught === 0; i++) {
      const r = cli([
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
      if (/determinism/i.test(r.stdout + r.stderr) && r.code === 1 && /differ|mismatch/i.test(r.stdout + r.stderr)) caught++;
    }
    expect(caught).toBeGreaterThan(0);
  });

  it('run: a replay that differs is explained as nondeterminism in user code, exit 1, not an internal error', () => {
    // Same process, same module: the salt is fixed but the call counter keeps counting between
    // the run and its traced replay, so the two differ whenever the salt is 1.
    let seen = false;
    for (let i = 0; i < 12 && !seen; i++) {
      const r = cli(['run', salted, '--variant', 'naive']);
      expect(r.code).not.toBe(3);
      if (/the same seed gave two different runs/.test(r.stderr)) {
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/Math\.random/);
        seen = true;
      }
    }
    expect(seen).toBe(true);
  });

  it('names regression files safely inside --shrink-out, and rebases relative strategy modules', () => {
    const text = withClient('{ type: custom, module: ./strat/pass.mjs }').replace(/^name: .*$/m, 'name: ../../escaped</script>');
    const file = tmp.file('escape.yaml', text);
    const out = join(tmp.dir, 'deep', 'regs');
    // naive fails as expected (exit 0); `--shrink all` shrinks expected failures too.
    const r = cli(['sweep', file, '--variant', 'naive', '--seeds', '1..2', '--shrink', 'all', '--shrink-out', out, '--no-progress']);
    expect(r.code).toBe(0);
    const written = readdirSync(out);
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((f) => /^[A-Za-z0-9._-]+\.yaml$/.test(f) && !f.startsWith('.'))).toBe(true);
    expect(existsSync(join(tmp.dir, '..', 'escaped'))).toBe(false);
    const regression = join(out, written[0]!);
    expect(readFileSync(regression, 'utf8')).toContain('module: ../../strat/pass.mjs');
    expect(parseScenario(readFileSync(regression, 'utf8'), regression).ok).toBe(true);
    const rerun = cli(['run', regression]);
    expect(rerun.code).toBe(1); // loads its module from the new place, and still fails
    expect(rerun.stdout).toMatch(/FAIL/);
  });

  it('merge: a damaged sweep report is bad input (exit 2) naming the file and the field', () => {
    const bad = tmp.file('bad.json', JSON.stringify({ kind: 'sweep', schemaVersion: 1, scenario: 'x', seeds: '1..3', variants: [{ variant: 'a' }] }));
    const r = cli(['merge', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: is not a whole sweep report: variants\[0\]\.checks: expected a list/);
  });
});
