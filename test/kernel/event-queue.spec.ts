import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../sim/index.js';

describe('EventQueue', () => {
  it('pops by time, and same-time events in insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
        const q = new EventQueue(2); // tiny start: exercises growth
        times.forEach((t, i) => q.push(t, i));
        const popped: number[] = [];
        while (q.size > 0) popped.push(q.pop());
        const expected = times
          .map((t, i) => ({ t, i }))
          .sort((a, b) => a.t - b.t || a.i - b.i)
          .map((x) => x.i);
        expect(popped).toEqual(expected);
      }),
    );
  });

  it('keeps the order when pushes and pops interleave', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }), { maxLength: 300 }), (ops) => {
        const q = new EventQueue(4);
        const model: { t: number; i: number }[] = [];
        let now = 0;
        ops.forEach((op, i) => {
          if (op === undefined) {
            if (q.size === 0) return;
            model.sort((a, b) => a.t - b.t || a.i - b.i);
            const want = model.shift()!;
            expect(q.peekTime()).toBe(want.t);
            expect(q.pop()).toBe(want.i);
            now = want.t;
          } else {
            q.push(now + op, i);
            model.push({ t: now + op, i });
          }
        });
        expect(q.size).toBe(model.length);
      }),
    );
  });
});
