/**
 * Structure-aware mutations of scenario data, for the fuzz test: a seeded generator picks a place
 * in a bundled scenario's tree and breaks it the way a hostile or careless user would (extreme
 * numbers and durations, prototype names, control characters, type swaps, deleted and unknown
 * keys, huge lists, deep nesting). Deterministic: the same seed gives the same file.
 */

/** mulberry32: small, fast, seeded; the test's only source of randomness. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'];

const VALUES: Json[] = [
  0,
  -1,
  1,
  0.5,
  1e9,
  1e308,
  -1e308,
  2 ** 53, // the first integer past exact
  1000000000,
  '3000000000h',
  `${'9'.repeat(300)}h`,
  '1e400s',
  '-3s',
  '0',
  '0s',
  '1us',
  '8761h',
  '1.5m',
  '0/s',
  '1000001/s',
  '0.0000001/h',
  '101%',
  '-1%',
  '100%',
  '1000000ppm',
  '',
  'x'.repeat(300),
  'dura\u001b[2J\u001b]0;pwned\u0007tion',
  'line\nbreak',
  'NaN',
  'Infinity',
  true,
  false,
  null,
  [],
  {},
  [[[]]],
  { dist: 'pareto', scale: '1ms', shape: 0.0001 },
  { dist: 'uniform', min: '5s', max: '1ms' },
  { dist: 'lognormal', median: '1ms', sigma: 1000 },
  ...PROTO_NAMES,
];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Every container in the tree, with the key or index of each child, for picking a place to break. */
function places(root: Json): { parent: Json[] | { [k: string]: Json }; key: string | number }[] {
  const out: { parent: Json[] | { [k: string]: Json }; key: string | number }[] = [];
  const walk = (v: Json) => {
    if (Array.isArray(v)) v.forEach((c, i) => (out.push({ parent: v, key: i }), walk(c)));
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) out.push({ parent: v, key: k }), walk(v[k]!);
  };
  walk(root);
  return out;
}

/** One to three mutations of `data` (a deep copy); returns the new data. */
export function mutate(data: unknown, r: () => number): unknown {
  const root = JSON.parse(JSON.stringify(data)) as Json;
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const all = places(root);
    if (all.length === 0) break;
    const { parent, key } = pick(r, all);
    const get = () => (parent as Record<string | number, Json>)[key]!;
    const set = (v: Json) => void ((parent as Record<string | number, Json>)[key] = v);
    const op = Math.floor(r() * 10);
    switch (op) {
      case 0:
      case 1:
      case 2:
        set(pick(r, VALUES));
        break;
      case 3: // delete
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key as string];
        break;
      case 4: // an unknown, or prototype-named, key beside it
        if (!Array.isArray(parent)) parent[pick(r, [...PROTO_NAMES, 'x\u001b[31mred', `${String(key)}x`, 'line\nkey'])] = get();
        break;
      case 5: // rename the key to a prototype name or a typo
        if (!Array.isArray(parent)) {
          const v = get();
          delete parent[key as string];
          parent[pick(r, [...PROTO_NAMES, `${String(key).slice(1)}`, String(key).toUpperCase()])] = v;
        }
        break;
      case 6: // duplicate a list entry many times
        if (Array.isArray(parent)) {
          const copies = pick(r, [2, 40, 2000]);
          for (let c = 0; c < copies; c++) parent.push(JSON.parse(JSON.stringify(get())) as Json);
        }
        break;
      case 7: // a number scaled to the extremes
        if (typeof get() === 'number') set((get() as number) * pick(r, [-1, 1e6, 1e12, 1e300, 0]));
        else if (typeof get() === 'string') set(((get() as string).match(/^\d+/)?.[0] ?? '1') + pick(r, ['000000000h', 'e9s', '.000001us']));
        break;
      case 8: // wrap in a list or mapping
        set(r() < 0.5 ? [get()] : { value: get() });
        break;
      default: {
        // nest deeply
        let v: Json = get();
        for (let d = 0; d < 50; d++) v = [v];
        set(v);
      }
    }
  }
  return root;
}
