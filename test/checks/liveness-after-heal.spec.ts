import { describe, expect, it } from 'vitest';
import { Run, s } from './helpers.js';

/** A partition from 2 s healed at 10 s. */
function healedAt10() {
  const r = new Run();
  r.fault({ kind: 'isolate', node: 'db', at: '2s', duration: '8s' });
  r.endUs = s(30);
  return r;
}

describe('liveness-after-heal', () => {
  it('answered: every request after the heal gets ok or fail within the bound', () => {
    const r = healedAt10();
    r.op(3, 9, 'info', 'charge'); // during the fault: not judged
    r.op(10, 11, 'ok', 'charge');
    r.op(12, 16, 'fail', 'charge');
    r.op(27, undefined, 'ok', 'charge'); // its bound (32 s) is past the end: not judged
    const v = r.check({ check: 'liveness-after-heal', within: '5s' });
    expect(v).toMatchObject({ ok: true, kind: 'liveness', measured: { healedAtUs: s(10), judged: 2, recoveredAfterUs: s(1) } });
  });

  it('answered: a request timing out (info) or answered late after the heal is a violation at its deadline', () => {
    const r = healedAt10();
    r.op(10, 11, 'ok', 'charge');
    const late = r.op(12, 18, 'ok', 'charge');
    const gaveUp = r.op(11, 13, 'info', 'charge');
    const v = r.check({ check: 'liveness-after-heal', within: '5s' });
    expect(v).toMatchObject({ ok: false, at: s(16), ops: [gaveUp, late] }); // invoke order
    expect(v.detail).toMatch(/Healed at 10s, but op \d+ \(charge\) invoked at 11s was ended without an answer \(info\) at 13s, beyond 5s; 2 requests in all/);
  });

  it('ok: some op completes ok within the bound after the heal', () => {
    const r = healedAt10();
    const first = r.op(9, 14, 'ok', 'charge'); // invoked before the heal, completed after: counts
    expect(r.check({ check: 'liveness-after-heal', within: '5s', progress: 'ok', f: 'charge' })).toMatchObject({
      ok: true,
      ops: [first],
      measured: { recoveredAfterUs: s(4) },
    });
    const v = r.check({ check: 'liveness-after-heal', within: '3s', progress: 'ok', f: 'charge' });
    expect(v).toMatchObject({ ok: false, at: s(13) });
    expect(v.detail).toMatch(/no ok charge came by 13s; the first came at 14s/);
    expect(r.check({ check: 'liveness-after-heal', within: '5s', progress: 'ok', f: 'refund' }).detail).toMatch(/none came before the run ended/);
  });

  it('leader: a leader effect within the bound after the heal', () => {
    const r = healedAt10();
    r.effect(5, 'n1', 'leader', '1'); // before the heal: does not count
    expect(r.check({ check: 'liveness-after-heal', within: '5s', progress: 'leader' })).toMatchObject({ ok: false, at: s(15) });
    const e = r.effect(12, 'n2', 'leader', '2');
    expect(r.check({ check: 'liveness-after-heal', within: '5s', progress: 'leader' })).toMatchObject({
      ok: true,
      effects: [e],
      measured: { recoveredAfterUs: s(2) },
    });
  });

  it('drained: everything invoked before the heal completes by heal + within', () => {
    const r = healedAt10();
    r.op(3, 12, 'ok', 'charge');
    r.op(4, 14, 'info', 'charge');
    expect(r.check({ check: 'liveness-after-heal', within: '5s', progress: 'drained' })).toMatchObject({
      ok: true,
      measured: { backlog: 2, recoveredAfterUs: s(4) },
    });
    const stuck = r.op(5, undefined, 'ok', 'charge');
    const slow = r.op(6, 16, 'ok', 'charge');
    const v = r.check({ check: 'liveness-after-heal', within: '5s', progress: 'drained' });
    expect(v).toMatchObject({ ok: false, at: s(15), ops: [stuck, slow], measured: { stuck: 2 } });
  });

  it('goodput: ok completions return to the offered load after heal + within', () => {
    const make = (okEvery: number) => {
      const r = healedAt10();
      for (let i = 0; i < 100; i++) {
        const t = 10 + i * 0.2; // 5 requests a second from the heal on
        r.op(t, t + 0.05, i % okEvery === 0 ? 'ok' : 'fail', 'charge');
      }
      return r;
    };
    expect(make(1).check({ check: 'liveness-after-heal', within: '5s', progress: 'goodput', window: '10s' })).toMatchObject({
      ok: true,
      measured: { offeredPerSecond: 5, goodputPerSecond: 5, goodputRatio: 1 },
    });
    const v = make(2).check({ check: 'liveness-after-heal', within: '5s', progress: 'goodput', window: '10s' });
    expect(v).toMatchObject({ ok: false, at: s(15), measured: { goodputRatio: 0.5 } });
    expect(v.detail).toMatch(/25 ok of 50 offered from 15s to 25s \(50%, need 90%\)/);
    expect(make(2).check({ check: 'liveness-after-heal', within: '5s', progress: 'goodput', window: '10s', ratio: '50%' }).ok).toBe(true);
  });

  it('the window starts when the world ended the faults: a heal at 2s ends a swizzle planned to 13s', () => {
    const r = new Run();
    r.fault({ kind: 'swizzle', at: '1s', duration: '10s', interval: '1s' });
    r.fault({ kind: 'heal', at: '2s' });
    const late = r.op(4, undefined, 'ok', 'write', 'k');
    const v = r.check({ check: 'liveness-after-heal', within: '1s' });
    expect(v).toMatchObject({ ok: false, at: s(5), ops: [late], measured: { healedAtUs: s(2) } });
    expect(v.detail).toMatch(/^Healed at 2s, but op \d+ \(write k\) invoked at 4s was never answered/);
  });

  it('a fault that never ends: not applicable, so nothing judged: fails unless allowEmpty, and says why', () => {
    const r = new Run();
    r.fault({ kind: 'crash', node: 'db', at: '1s' });
    const v = r.check({ check: 'liveness-after-heal', within: '5s' });
    expect(v).toMatchObject({ ok: false, measured: { applicable: 0 } });
    expect(v.detail).toMatch(
      /^judged nothing: not applicable: fault #0 \(crash of db at 1s\) was still in force when the run ended at 100s \(give it a duration that restarts the node within the run\)/,
    );
    expect(r.check({ check: 'liveness-after-heal', within: '5s', allowEmpty: true }).ok).toBe(true);
  });

  it('a run that ends before heal + within without progress fails and says to lengthen it', () => {
    const r = healedAt10();
    r.endUs = s(12);
    const v = r.check({ check: 'liveness-after-heal', within: '5s', progress: 'ok' });
    expect(v).toMatchObject({ ok: false, at: s(15) });
    expect(v.detail).toMatch(/The run ended at 12s, before heal \+ within \(15s\); lengthen it\./);
  });
});
