import { describe, expect, it } from 'vitest';
import { LOG_BYTES, LogReader, LogWriter, newLog } from '../../bin/sweep/outcome-log.js';
import type { SeedOutcome } from '../../sim/sweep/types.js';

const outcome = (seed: number, text = ''): SeedOutcome =>
  ({ variant: 'v', seed, digest: `d${seed}${text}`, checks: [{ name: 'c', ok: seed % 2 === 0 }] }) as SeedOutcome;

describe('the outcome log a worker hands its finished runs over by', () => {
  it('gives the reader every committed entry once, in order, up to a count or all of them', () => {
    const buffer = newLog();
    const w = new LogWriter(buffer);
    const r = new LogReader(buffer);
    for (let k = 0; k < 5; k++) expect(w.append({ k, outcome: outcome(k + 1), ms: k })).toBe(true);
    expect(r.take(2).map((e) => e.k)).toEqual([0, 1]);
    expect(w.append({ k: 5, outcome: outcome(6), ms: 5 })).toBe(true);
    // What a stopped worker left past its last message: read whole.
    const rest = r.take();
    expect(rest.map((e) => e.k)).toEqual([2, 3, 4, 5]);
    expect(rest[3]).toEqual({ k: 5, outcome: outcome(6), ms: 5 });
    expect(r.take()).toEqual([]);
    // A new chunk starts from an empty log.
    r.rewind();
    expect(w.count).toBe(0);
    w.append({ k: 0, outcome: outcome(9), ms: 1 });
    expect(r.take()).toEqual([{ k: 0, outcome: outcome(9), ms: 1 }]);
  });

  it('refuses an entry that does not fit, so the worker posts it alone', () => {
    const w = new LogWriter(newLog());
    expect(w.append({ k: 0, outcome: outcome(1, 'x'.repeat(LOG_BYTES)), ms: 0 })).toBe(false);
    expect(w.count).toBe(0);
  });
});
