import { describe, expect, it } from 'vitest';
import { bridge, groupsPartition, halves, isolate, majorityRing } from '../../sim/world/partition.js';

/** Who each node can still reach (including itself) under a list of blocked links. */
function reach(nodes: string[], blocked: readonly (readonly [string, string])[]) {
  const cut = new Set(blocked.map(([a, b]) => `${a}>${b}`));
  return Object.fromEntries(nodes.map((a) => [a, nodes.filter((b) => a === b || !cut.has(`${a}>${b}`))]));
}

describe('partition shapes', () => {
  const five = ['n1', 'n2', 'n3', 'n4', 'n5'];

  it('groups cut every link between groups, both ways', () => {
    expect(
      reach(
        five,
        groupsPartition([
          ['n1', 'n2'],
          ['n3', 'n4', 'n5'],
        ]),
      ),
    ).toMatchObject({ n1: ['n1', 'n2'], n3: ['n3', 'n4', 'n5'] });
  });

  it('isolate cuts one node off, optionally in one direction', () => {
    expect(reach(five, isolate('n2', five)).n2).toEqual(['n2']);
    expect(reach(five, isolate('n2', five, 'out')).n2).toEqual(['n2']);
    expect(reach(five, isolate('n2', five, 'out')).n1).toEqual(five);
    expect(reach(five, isolate('n2', five, 'in')).n1).toEqual(['n1', 'n3', 'n4', 'n5']);
  });

  it('halves splits first half from the rest', () => {
    expect(reach(five, halves(five))).toMatchObject({ n1: ['n1', 'n2'], n5: ['n3', 'n4', 'n5'] });
  });

  it('majority ring: every node sees a majority, no two see the same one', () => {
    for (const nodes of [five, ['a', 'b', 'c', 'd', 'e', 'f', 'g']]) {
      const r = reach(nodes, majorityRing(nodes));
      const views = Object.values(r).map((v) => v.join(','));
      for (const v of Object.values(r)) expect(v.length).toBeGreaterThan(nodes.length / 2);
      expect(new Set(views).size).toBe(nodes.length);
    }
  });

  it('bridge: two sides that only the middle node reaches', () => {
    const r = reach(five, bridge(five));
    expect(r.n3).toEqual(five);
    expect(r.n1).toEqual(['n1', 'n2', 'n3']);
    expect(r.n5).toEqual(['n3', 'n4', 'n5']);
  });
});
