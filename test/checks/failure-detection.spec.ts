import { describe, expect, it } from 'vitest';
import { checkNodeRefs, checkSchema } from '../../sim/checks/index.js';
import { Run, s } from './helpers.js';

describe('failure-detection', () => {
  it('a crash suspected promptly, no false suspicions', () => {
    const r = new Run();
    r.fault({ kind: 'crash', node: 'db', at: '10s', duration: '20s' });
    r.effect(12, 'fd', 'suspect', 'db', { by: 'fd' });
    r.effect(13, 'fd2', 'suspect', 'db');
    const v = r.check({ check: 'failure-detection', detectWithin: '5s' });
    expect(v).toMatchObject({ ok: true, measured: { suspicions: 2, falseSuspicions: 0, crashes: 1, detected: 1, maxDetectionUs: s(2) } });
  });

  it('a crash of a node already down restarts nothing, as in the world: the node is still down', () => {
    const r = new Run();
    r.fault({ kind: 'crash', node: 'db', at: '0s', duration: '10s' });
    r.fault({ kind: 'crash', node: 'db', at: '2s', duration: '1s' });
    r.effect(5, 'mon', 'suspect', 'db', { by: 'mon' });
    expect(r.check({ check: 'failure-detection' })).toMatchObject({ ok: true, measured: { falseSuspicions: 0 } });
  });

  it('reads the executed timeline: overlapping pauses keep the node paused to the last resume; a crash the run never reached is no crash', () => {
    const r = new Run();
    r.endUs = s(20);
    r.fault({ kind: 'pause', node: 'leader', at: '1s', duration: '3s', reason: 'GC' });
    r.fault({ kind: 'pause', node: 'leader', at: '2s', duration: '5s', reason: 'VM migration' });
    r.fault({ kind: 'crash', node: 'leader', at: '30s', duration: '1s' });
    r.effect(6, 'n2', 'suspect', 'leader', { by: 'n2' });
    const v = r.check({ check: 'failure-detection' });
    expect(v).toMatchObject({ ok: false, at: s(6), measured: { falseSuspicions: 1, crashes: 0 } });
    // Paused since the first pause (its reason), until the second one ends at 7 s.
    expect(v.detail).toMatch(/^n2 suspected leader at 6s while it was paused \(GC\), not crashed/);
  });

  it('suspecting a paused node is a false suspicion', () => {
    const r = new Run();
    r.fault({ kind: 'pause', node: 'leader', at: '5s', duration: '10s', reason: 'GC' });
    const e = r.effect(8, 'n2', 'suspect', 'leader', { by: 'n2' });
    const v = r.check({ check: 'failure-detection' });
    expect(v).toMatchObject({ ok: false, at: s(8), effects: [e], measured: { falseSuspicions: 1 } });
    expect(v.detail).toMatch(/^n2 suspected leader at 8s while it was paused \(GC\), not crashed/);
    expect(r.check({ check: 'failure-detection', maxFalseSuspicions: 1 }).ok).toBe(true);
  });

  it('a suspicion after the restart is false; the (max+1)th false one is the moment', () => {
    const r = new Run();
    r.fault({ kind: 'crash', node: 'db', at: '10s', duration: '5s' });
    r.effect(1, 'fd', 'suspect', 'db');
    r.effect(11, 'fd', 'suspect', 'db');
    r.effect(15, 'fd', 'suspect', 'db'); // restarted at 15 s: up
    const v = r.check({ check: 'failure-detection', maxFalseSuspicions: 1 });
    expect(v).toMatchObject({ ok: false, at: s(15), measured: { falseSuspicions: 2, detected: 1 } });
  });

  it('a crash not detected within the bound', () => {
    const r = new Run();
    r.fault({ kind: 'crash', node: 'db', at: '10s' }); // never restarts
    const late = r.effect(18, 'fd', 'suspect', 'db');
    const v = r.check({ check: 'failure-detection', detectWithin: '5s' });
    expect(v).toMatchObject({ ok: false, at: s(15), effects: [late] });
    expect(v.detail).toMatch(/db crashed at 10s \(fault #0\) and was first suspected at 18s, not within 5s/);
  });

  it('no detection needed when the node restarts, or the run ends, within the bound', () => {
    const r = new Run();
    r.endUs = s(40);
    r.fault({ kind: 'crash', node: 'a', at: '10s', duration: '3s' });
    r.fault({ kind: 'crash', node: 'b', at: '37s' });
    expect(r.check({ check: 'failure-detection', detectWithin: '5s' })).toMatchObject({ ok: true, measured: { crashes: 2, detected: 0 } });
    r.endUs = s(43);
    expect(r.check({ check: 'failure-detection', detectWithin: '5s' })).toMatchObject({ ok: false, at: s(42) });
  });

  it('filters by suspected node and detector, and reports both as node refs', () => {
    const r = new Run();
    r.effect(1, 'fd1', 'suspect', 'a');
    r.effect(1, 'fd2', 'suspect', 'b', { by: 'fd2' });
    expect(r.check({ check: 'failure-detection', node: 'a' }).measured).toMatchObject({ suspicions: 1, falseSuspicions: 1 });
    expect(r.check({ check: 'failure-detection', by: 'fd2' }).measured).toMatchObject({ suspicions: 1 });
    // No suspicion of c and no crash to detect: nothing judged, a failure unless allowed.
    expect(r.check({ check: 'failure-detection', node: 'c' })).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^judged nothing: no suspect effect/),
    });
    expect(r.check({ check: 'failure-detection', node: 'c', allowEmpty: true }).ok).toBe(true);
    const cfg = checkSchema.parse({ check: 'failure-detection', node: 'a', by: 'fd1' });
    expect(checkNodeRefs(cfg)).toEqual([
      { path: ['node'], node: 'a' },
      { path: ['by'], node: 'fd1' },
    ]);
  });
});
