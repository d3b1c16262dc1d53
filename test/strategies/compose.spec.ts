import { describe, expect, it } from 'vitest';
import { CancelSource, once, type Call, type Outcome, type Policy } from '../../sim/strategies/call.js';
import { compose, identity } from '../../sim/strategies/compose.js';

const tagging =
  (log: string[], name: string): Policy =>
  (call) =>
  (done, cancel) => {
    log.push(`enter ${name}`);
    call((o) => {
      log.push(`leave ${name}`);
      done(o);
    }, cancel);
  };

describe('compose', () => {
  it('applies policies outermost first and unwinds innermost first', () => {
    const log: string[] = [];
    const call: Call<number> = (done) => {
      log.push('call');
      done({ kind: 'ok', value: 1 });
    };
    compose(tagging(log, 'a'), tagging(log, 'b'), tagging(log, 'c'))(call)(() => log.push('done'));
    expect(log).toEqual(['enter a', 'enter b', 'enter c', 'call', 'leave c', 'leave b', 'leave a', 'done']);
  });

  it('an empty stack and identity leave the call as it is', () => {
    const call: Call = (done) => done({ kind: 'ok', value: 'x' });
    expect(compose()(call)).toBe(call);
    expect(identity(call)).toBe(call);
  });
});

describe('once', () => {
  it('passes the first outcome and drops the rest', () => {
    const seen: Outcome[] = [];
    const g = once((o) => seen.push(o));
    expect(g.settled()).toBe(false);
    expect(g.settle({ kind: 'timeout' })).toBe(true);
    expect(g.settle({ kind: 'ok', value: 1 })).toBe(false);
    expect(seen).toEqual([{ kind: 'timeout' }]);
  });
});

describe('CancelSource', () => {
  it('runs listeners once, late listeners at once, and cancels linked children', () => {
    const parent = new CancelSource();
    const child = CancelSource.linked(parent);
    const log: string[] = [];
    child.onCancel(() => log.push('child'));
    parent.cancel();
    parent.cancel();
    parent.onCancel(() => log.push('late'));
    expect(child.cancelled).toBe(true);
    expect(log).toEqual(['child', 'late']);
  });
});
