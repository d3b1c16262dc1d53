import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Deque } from '../../sim/kernel/deque.js';

describe('Deque', () => {
  it('behaves like an array used at both ends, across growth and wrap-around', () => {
    const op = fc.oneof(
      fc.record({ k: fc.constant('pushBack' as const), v: fc.integer() }),
      fc.record({ k: fc.constant('pushFront' as const), v: fc.integer() }),
      fc.record({ k: fc.constant('popFront' as const) }),
      fc.record({ k: fc.constant('popBack' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const d = new Deque<number>();
        const a: number[] = [];
        for (const o of ops) {
          if (o.k === 'pushBack') d.pushBack(o.v), a.push(o.v);
          else if (o.k === 'pushFront') d.pushFront(o.v), a.unshift(o.v);
          else if (o.k === 'popFront') expect(d.popFront()).toBe(a.shift());
          else expect(d.popBack()).toBe(a.pop());
          expect(d.length).toBe(a.length);
          expect(d.peekFront()).toBe(a[0]);
        }
        expect([...d]).toEqual(a);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
