import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, inProcess, SCENARIO, tempDir } from './cli.js';

describe('faultline compare', () => {
  // End to end, spawned: the compare command and exit 0. The rest runs in-process.
  it('runs every variant on the same seeds and exits 0 when every cell is as expected', () => {
    const r = cli(['compare', SCENARIO, '--seeds', '1..3']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^1 scenario, every variant on seeds 1\.\.3 \(3 seeds\)\n/);
    expect(r.stdout).toMatch(/ {2}naive +✗ 0\/3 pass \(expect fail\) +✓ 3\/3 pass \(expect pass\)/);
    expect(r.stdout).toMatch(/ {2}idempotency-key +✓ 3\/3 pass \(expect pass\)/);
    expect(r.stdout).toContain(`    npx faultline run ${SCENARIO} --variant naive --seed 1\n`);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^AS EXPECTED/);
  });

  describe('against expectations', () => {
    const tmp = tempDir();
    const text = readFileSync(SCENARIO, 'utf8');
    // The idempotency-key variant claims to fail exactly-once; the naive one has no expectation.
    const wrong = tmp.file(
      'wrong-expect.yaml',
      text
        .replace('    expect: { exactly-once: fail, not-charged-if-failed: pass, answered-after-heal: pass }\n', '')
        .replace('expect: { exactly-once: pass, not-charged-if-failed: pass, answered-after-heal: pass }', 'expect: { exactly-once: fail }'),
    );

    it('exits 1 and shows the cells that differ, with a replay line', async () => {
      const r = await inProcess(['compare', wrong, '--seeds', '1,2']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/ {2}idempotency-key +✓?✗? ?2\/2 pass \(expect fail\) UNEXPECTED/);
      expect(r.stdout).toMatch(/\nNot as expected\n {2}duplicate-payment \/ naive \/ exactly-once: no expectation, failed on 2 of 2 seeds\n/);
      expect(r.stdout).toMatch(/ {2}duplicate-payment \/ idempotency-key \/ exactly-once: expected fail, but passed on all 2 seeds\n/);
      expect(r.stdout).toContain(`    npx faultline run ${wrong} --variant naive --seed 1\n`);
      expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^NOT AS EXPECTED {2}2 cells differ/);
    });

    it('gives the same matrix as JSON, with only JSON on stdout', async () => {
      const r = await inProcess(['compare', wrong, '--seeds', '1,2', '--format', 'json']);
      expect(r.code).toBe(1);
      const m = JSON.parse(r.stdout);
      expect(m).toMatchObject({ schemaVersion: 1, kind: 'compare', seeds: [1, 2], asExpected: false });
      expect(m.scenarios[0]).toMatchObject({
        scenario: 'duplicate-payment',
        file: wrong,
        checks: [
          { name: 'exactly-once', kind: 'safety' },
          { name: 'not-charged-if-failed', kind: 'safety' },
          { name: 'answered-after-heal', kind: 'liveness' },
        ],
      });
      const naive = m.scenarios[0].variants[0];
      expect(naive).toMatchObject({ variant: 'naive', runs: 2, seedsPassed: 0 });
      expect(naive.cells[0]).toMatchObject({
        check: 'exactly-once',
        passed: 0,
        failed: 2,
        firstFailingSeed: 1,
        status: 'failed',
        reproduce: `npx faultline run ${wrong} --variant naive --seed 1`,
      });
      expect(m.scenarios[0].variants[1].cells[0]).toMatchObject({ expected: 'fail', status: 'unexpected', reproduce: null });
      expect(naive.latency.p99Us).toBeGreaterThan(0);
    });
  });

  it('takes a directory: every scenario file in it, sorted by name', async () => {
    const tmp = tempDir();
    const text = readFileSync(SCENARIO, 'utf8');
    tmp.file('b.yaml', text.replace('name: duplicate-payment', 'name: bee'));
    tmp.file('a.yml', text.replace('name: duplicate-payment', 'name: ay'));
    tmp.file('notes.txt', 'not a scenario');
    const r = await inProcess(['compare', tmp.dir, '--seeds', '1', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).scenarios.map((s: { scenario: string }) => s.scenario)).toEqual(['ay', 'bee']);
  });

  it('rejects two files with the same scenario name', async () => {
    const tmp = tempDir();
    const text = readFileSync(SCENARIO, 'utf8');
    tmp.file('a.yaml', text);
    tmp.file('b.yaml', text);
    const r = await inProcess(['compare', tmp.dir, '--seeds', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/b\.yaml: has the scenario name 'duplicate-payment', as .*a\.yaml does/);
  });
});
