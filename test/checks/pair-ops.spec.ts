import { describe, expect, it } from 'vitest';
import { pairOps } from '../../sim/checks/common.js';
import type { HistoryEntry } from '../../sim/world/history.js';

/** A history by hand: [type, op id, f, time], for ids History would never hand out. */
function history(rows: [HistoryEntry['type'], number, string, number][]): HistoryEntry[] {
  return rows.map(([type, op, f, time]) => ({ type, op, process: 'c', f, time }));
}
const summary = (h: HistoryEntry[]) => pairOps(h).map((o) => [o.op, o.f, o.outcome, o.doneUs ?? null]);

describe('pairOps', () => {
  it('pairs any op id, not only the small integers History hands out', () => {
    const ids = [1e12, -3, 2.5, 0, 7];
    const h = history([
      ...ids.map((id, i): [HistoryEntry['type'], number, string, number] => ['invoke', id, 'w', i]),
      ['ok', 2.5, 'w', 10],
      ['fail', 1e12, 'w', 11],
      ['info', -3, 'w', 12],
      ['ok', 0, 'w', 13],
    ]);
    expect(summary(h)).toEqual([
      [1e12, 'w', 'fail', 11],
      [-3, 'w', 'info', 12],
      [2.5, 'w', 'ok', 10],
      [0, 'w', 'ok', 13],
      [7, 'w', 'open', null],
    ]);
  });

  it('ignores a completion of an unknown op and a second completion', () => {
    const h = history([
      ['invoke', 1, 'w', 0],
      ['ok', 99, 'w', 1],
      ['fail', 1, 'w', 2],
      ['ok', 1, 'w', 3],
    ]);
    expect(summary(h)).toEqual([[1, 'w', 'fail', 2]]);
  });

  it('gives a completion to the latest invoke with its id', () => {
    const h = history([
      ['invoke', 1, 'read', 0],
      ['invoke', 2, 'write', 1],
      ['invoke', 1, 'write', 2], // the same id again: its completion is not the read's
      ['ok', 1, 'write', 3],
      ['ok', 2, 'write', 4],
    ]);
    expect(summary(h)).toEqual([
      [1, 'read', 'open', null],
      [2, 'write', 'ok', 4],
      [1, 'write', 'ok', 3],
    ]);
  });
});
