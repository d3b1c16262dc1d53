import { describe, expect, it } from 'vitest';
import { compareCases, renderJunit, runCases, type JunitCase } from '../../reports/junit.js';
import { compareRuns } from '../../sim/run/verdict-matrix.js';
import { answered, doubleCharge, fakeRun } from './fixtures.js';
import { parseXml } from './xml.js';

const REPRO = 'faultline run x.yaml --variant naive --seed 42';

describe('JUnit report', () => {
  it('has one test case per check, a failure carrying the reproducer, and consistent counts', () => {
    const root = parseXml(renderJunit(runCases(fakeRun({}, [doubleCharge, answered]), REPRO)));
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toEqual({ name: 'faultline', tests: '2', failures: '1', errors: '0' });
    const [suite] = root.children;
    expect(suite!.attrs).toMatchObject({ name: 'demo', tests: '2', failures: '1', errors: '0', skipped: '0' });
    const [failing, passing] = suite!.children;
    // No wall-clock time given: no `time` (a made-up 0 would claim the runs took none).
    expect(failing!.attrs).toEqual({ name: 'exactly-once (safety) [seed 42]', classname: 'faultline.demo.naive' });
    const failure = failing!.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attrs.message).toBe(`order-7 had 2 charge effects. Reproduce: ${REPRO}`);
    expect(failure.text).toContain(`Reproduce:\n${REPRO}`);
    expect(passing!.children.map((c) => c.name)).toEqual(['system-out']);
  });

  it('escapes everything, and drops characters XML cannot hold', () => {
    const nasty = 'a <b> & "c" \'d\' ]]> </failure> \u0001\u0007 é 🙂';
    const cases: JunitCase[] = [
      {
        scenario: 's&<',
        variant: 'v"',
        seed: '1..3',
        checks: [{ name: 'c<', kind: 'safety', ok: false, detail: nasty, reproduce: `faultline run '<x>.yaml'` }],
      },
    ];
    const root = parseXml(renderJunit(cases));
    const tc = root.children[0]!.children[0]!;
    expect(root.children[0]!.attrs.name).toBe('s&<');
    expect(tc.attrs.classname).toBe('faultline.s&<.v"');
    expect(tc.children[0]!.attrs.message).toBe(`a <b> & "c" 'd' ]]> </failure>  é 🙂 Reproduce: faultline run '<x>.yaml'`);
  });

  it('makes compare cells cases: failing as expected passes, a surprise fails with the first failing seed', () => {
    const naive = [1, 2].map((seed) => fakeRun({ seed }, [doubleCharge, answered]));
    const fixed = [1, 2].map((seed) => fakeRun({ seed, variant: 'fixed' }, [{ ...doubleCharge, ok: true }, answered]));
    const m = compareRuns([...naive, ...fixed], { demo: { naive: { 'exactly-once': 'fail' }, fixed: { answered: 'fail' } } });
    const root = parseXml(renderJunit(compareCases(m, '1..2', (s, v, seed) => `faultline run ${s}.yaml --variant ${v} --seed ${seed}`)));
    const cases = root.children[0]!.children;
    expect(cases.map((c) => [c.attrs.classname, c.attrs.name, c.children[0]!.name])).toEqual([
      ['faultline.demo.naive', 'exactly-once (safety) [seed 1..2]', 'system-out'],
      ['faultline.demo.naive', 'answered (liveness) [seed 1..2]', 'system-out'],
      ['faultline.demo.fixed', 'exactly-once (safety) [seed 1..2]', 'system-out'],
      ['faultline.demo.fixed', 'answered (liveness) [seed 1..2]', 'failure'],
    ]);
    expect(cases[0]!.children[0]!.text).toBe('passed on 0 of 2 seeds (expect fail). First failing seed 1: order-7 had 2 charge effects.');
    expect(root.attrs).toMatchObject({ tests: '4', failures: '1' });
  });

  it('time is the real time the runs took, shared among the checks that judged them, summed per suite', () => {
    const root = parseXml(renderJunit(runCases(fakeRun({}, [doubleCharge, answered]), REPRO, 1.5)));
    expect(root.attrs.time).toBe('1.5');
    expect(root.children[0]!.attrs.time).toBe('1.5');
    expect(root.children[0]!.children.map((c) => c.attrs.time)).toEqual(['0.75', '0.75']);
  });
});
