import { byCodeUnits } from '../kernel/string-order.js';

/**
 * A value's canonical text: JSON with every object's keys sorted by code units, recursively;
 * arrays keep their order. Two values are the same value when their canonical texts are equal,
 * so `{a: 1, b: 2}` and `{b: 2, a: 1}` compare equal while `[1, 2]` and `[2, 1]` do not. As in
 * JSON: nothing (undefined) is `null`, a key holding nothing is left out, a non-finite number is
 * `null`. A bigint reads `12n`; a cycle throws, as JSON.stringify does.
 */
export function canonicalKey(v: unknown): string {
  return write(v, []) ?? 'null';
}

/** Structural equality: the same canonical text. */
export const sameValue = (a: unknown, b: unknown): boolean => canonicalKey(a) === canonicalKey(b);

/** The text of `v`, or undefined where JSON leaves it out (a function, a symbol, nothing). */
function write(v: unknown, parents: object[]): string | undefined {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return `${v}n`;
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (v === null) return 'null';
  const o = v as object;
  if (parents.includes(o)) throw new TypeError('canonicalKey: the value contains a cycle');
  parents.push(o);
  let out: string;
  if (Array.isArray(o)) {
    out = `[${o.map((x) => write(x, parents) ?? 'null').join(',')}]`;
  } else {
    const rec = o as Record<string, unknown>;
    const parts: string[] = [];
    for (const k of Object.keys(rec).sort(byCodeUnits)) {
      const s = write(rec[k], parents);
      if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
    }
    out = `{${parts.join(',')}}`;
  }
  parents.pop();
  return out;
}
