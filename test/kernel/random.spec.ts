import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../sim/kernel/random.js';

// Every digest ever recorded (regression files, CI baselines) was drawn with seedrandom's Alea,
// seeded with `<run seed>/<stream name>`: a stream must keep drawing exactly those numbers.
describe('named random streams', () => {
  it('are seeded from the run seed and the name, and draw what seedrandom.alea draws', () => {
    const a = new RandomStreams(7).stream('net:a');
    const b = new RandomStreams(7).stream('net:a');
    const c = new RandomStreams(7).stream('net:b');
    const xs = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
    const reference = seedrandom.alea('7/net:a');
    expect(xs).toEqual([reference(), reference(), reference()]);
  });

  it('asking for a stream twice gives the same stream, not a fresh one', () => {
    const streams = new RandomStreams(1);
    const first = streams.stream('workload').next();
    expect(streams.stream('workload').next()).not.toBe(first);
  });
});
