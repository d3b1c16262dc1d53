import { describe, expect, it } from 'vitest';
import { faultsEnd } from '../../sim/checks/heal.js';
import { faultSchema, type Fault } from '../../sim/world/faults.js';
import { s } from './helpers.js';
import type { z } from 'zod';

const end = (fs: z.input<typeof faultSchema>[], nodes = 3) =>
  faultsEnd(
    fs.map((f): Fault => faultSchema.parse(f)),
    nodes,
  );

describe('faultsEnd', () => {
  it('no faults: healed from the start', () => {
    expect(end([])).toEqual({ healed: true, atUs: 0 });
  });

  it('the latest end of timed faults; instantaneous ones end when they happen', () => {
    expect(
      end([
        { kind: 'pause', node: 'a', at: '1s', duration: '4s' },
        { kind: 'crash', node: 'b', at: '2s', duration: '1s' },
        { kind: 'clock-step', node: 'a', at: '9s', by: '-2s' },
        { kind: 'loss', rate: '10%', at: '0s', duration: '3s' },
      ]),
    ).toEqual({ healed: true, atUs: s(9) });
  });

  it('a partition without duration ends at the next heal, in file order at the same instant', () => {
    expect(
      end([
        { kind: 'isolate', node: 'a', at: '2s' },
        { kind: 'heal', at: '7s' },
        { kind: 'heal', at: '5s' },
      ]),
    ).toEqual({ healed: true, atUs: s(7) });
    expect(
      end([
        { kind: 'isolate', node: 'a', at: '2s' },
        { kind: 'heal', at: '5s' },
      ]),
    ).toEqual({ healed: true, atUs: s(5) });
    expect(
      end([
        { kind: 'heal', at: '2s' },
        { kind: 'isolate', node: 'a', at: '2s' },
      ]).healed,
    ).toBe(false);
  });

  it('a swizzle ends when its last node is released', () => {
    expect(end([{ kind: 'swizzle', at: '1s', duration: '5s', interval: '1s' }], 4)).toEqual({ healed: true, atUs: s(9) });
    expect(end([{ kind: 'swizzle', at: '1s', duration: '5s', interval: '1s', nodes: ['a', 'b'] }], 4)).toEqual({ healed: true, atUs: s(7) });
  });

  it('a crash without duration or a loss without duration never ends, and says which', () => {
    const r = end([
      { kind: 'pause', node: 'a', at: '1s', duration: '1s' },
      { kind: 'crash', node: 'db', at: '3s' },
    ]);
    expect(r).toMatchObject({ healed: false, fault: 1 });
    expect(r.healed === false && r.why).toBe('fault #1 (crash of db at 3s) has no duration, so the node never restarts');
    expect(
      end([
        { kind: 'loss', rate: '1%', at: '0s' },
        { kind: 'heal', at: '5s' },
      ]),
    ).toMatchObject({ healed: false, fault: 0 });
  });
});
