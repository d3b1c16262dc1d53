import { describe, expect, it } from 'vitest';
import { canonicalKey, sameValue } from '../../sim/checks/canonical.js';

describe('canonicalKey', () => {
  it('sorts object keys by code units, recursively; arrays keep their order', () => {
    expect(canonicalKey({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalKey({ B: 1, a: 2, é: 3, _: 4 })).toBe('{"B":1,"_":4,"a":2,"é":3}');
    expect(sameValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
  });

  it('reads like JSON: nothing is null, keys holding nothing are left out, non-finite numbers are null', () => {
    expect(canonicalKey(undefined)).toBe('null');
    expect(canonicalKey({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalKey([undefined, Number.NaN, -0, 'x"y'])).toBe('[null,null,0,"x\\"y"]');
    expect(canonicalKey(12n)).toBe('12n');
    expect(sameValue(1, '1')).toBe(false);
  });

  it('throws on a cycle, as JSON.stringify does', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => canonicalKey(a)).toThrow(/cycle/);
    const shared = { x: 1 };
    expect(canonicalKey([shared, shared])).toBe('[{"x":1},{"x":1}]'); // shared, not a cycle
  });
});
