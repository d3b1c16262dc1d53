import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import { describeValue, type IssuePath, type ScenarioIssue } from './issues.js';
import type { YamlSource } from './yaml-source.js';

/**
 * zod issues to scenario issues: plain sentences of the form "expected X, found Y", each with the
 * line and column of the field it names. Messages the schema wrote itself (units, references) are
 * kept; zod's generic ones are rewritten here.
 */

/** Returned by the parse-time error map: "no message of the schema's own, write one". */
const GENERIC = '\u0000generic';

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  map: 'a mapping',
  array: 'a list',
  literal: 'a fixed value',
};

/**
 * Issues of a schema chosen while validating (a model's `params`), ready to re-add to the outer
 * parse with a path prefix: they keep zod's codes and the known keys of an object with unknown
 * ones, so they read exactly like the issues of the scenario's own fields ("did you mean").
 */
export function nestedIssues(schema: z.ZodType, value: unknown): z.core.$ZodIssue[] {
  const r = schema.safeParse(value, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') {
        const shape = (iss.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
        if (shape) (iss as { known?: string[] }).known = Object.keys(shape);
      }
      return GENERIC;
    },
  });
  return r.success ? [] : r.error.issues;
}

/** Parses `data` with `schema`, turning its issues into scenario issues. */
export function validate<S extends z.ZodType>(
  schema: S,
  source: YamlSource,
  file: string,
): { ok: true; value: z.output<S> } | { ok: false; issues: ScenarioIssue[] } {
  const knownKeys = new KnownKeys();
  const r = schema.safeParse(source.data, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') knownKeys.record(iss);
      return GENERIC;
    },
  });
  if (r.success) return { ok: true, value: r.data };
  const out: ScenarioIssue[] = [];
  for (const iss of r.error.issues) out.push(...convert(iss, [], source, file, knownKeys));
  // In file order, as a reader fixes them; a stable sort keeps zod's order within a line.
  const rank = (i: ScenarioIssue) => (i.line ?? 1e9) * 1e6 + (i.column ?? 0);
  return { ok: false, issues: out.sort((a, b) => rank(a) - rank(b)) };
}

function convert(iss: z.core.$ZodIssue, prefix: IssuePath, source: YamlSource, file: string, knownKeys: KnownKeys): ScenarioIssue[] {
  const path: IssuePath = [...prefix, ...(iss.path as IssuePath)];
  const found = valueAt(source.data, path);
  // A problem with a mapping key (a name not allowed) points at the key as written, not its value.
  const onKey = iss.code === 'invalid_key' || (iss.code === 'custom' && (iss.params as { at?: string } | undefined)?.at === 'key');
  const locate = (p: IssuePath) => (onKey && p.length > 0 ? source.locateKey(p.slice(0, -1), String(p[p.length - 1])) : undefined) ?? source.locate(p);
  const at = (p: IssuePath, fields: Pick<ScenarioIssue, 'message' | 'expected' | 'found'>): ScenarioIssue => ({
    file,
    path: p,
    ...locate(p),
    ...fields,
  });

  if (iss.code === 'unrecognized_keys') {
    const known = (iss as { known?: string[] }).known ?? knownKeys.find(found, iss.keys);
    return iss.keys.map((key) => {
      const hint = didYouMean(key, known);
      const listing = known.length > 0 ? ` (known fields here: ${known.join(', ')})` : '';
      const message = `unknown field '${key}'${hint ? `; did you mean '${hint}'?` : listing}`;
      return { file, path: [...path, key], ...(source.locateKey(path, key) ?? source.locate(path)), message, found: key, ...(hint ? { expected: hint } : {}) };
    });
  }
  if (iss.code === 'invalid_union' && iss.errors.length > 0 && iss.message === GENERIC) {
    return unionIssues(iss.errors, found).flatMap((sub) => convert(sub, path, source, file, knownKeys));
  }
  if (iss.message !== GENERIC) {
    // The schema's own words. Type errors it phrased ("expected a model name") lack what was there.
    const needsFound = (iss.code === 'invalid_type' || iss.code === 'invalid_union') && !/\bfound\b/.test(iss.message);
    const message = needsFound ? `${iss.message}, ${found === undefined ? 'but the field is missing' : `found ${describeValue(found)}`}` : iss.message;
    return [at(path, { message })];
  }
  return [at(path, generic(iss, found, path))];
}

/**
 * A union with no message of its own: if one branch got past the type check and failed deeper or
 * on a bound (the value looked like that branch: a list, but too long), its issues are the useful
 * ones; otherwise say what each branch wanted.
 */
function unionIssues(branches: z.core.$ZodIssue[][], found: unknown): z.core.$ZodIssue[] {
  const deeper = branches.filter((b) => b.some((i) => i.path.length > 0 || i.code !== 'invalid_type'));
  if (deeper.length > 0) return deeper.reduce((best, b) => (b.length < best.length ? b : best));
  const wanted = branches.flatMap((b) =>
    b.filter((i) => i.code === 'invalid_type').map((i) => EXPECTED[(i as { expected: string }).expected] ?? (i as { expected: string }).expected),
  );
  const message = `expected ${[...new Set(wanted)].join(' or ') || 'a different value'}, found ${describeValue(found)}`;
  return [{ code: 'custom', path: [], message, input: found } as z.core.$ZodIssue];
}

function generic(iss: z.core.$ZodIssue, found: unknown, path: IssuePath): Pick<ScenarioIssue, 'message' | 'expected' | 'found'> {
  const f = describeValue(found);
  const said = (expected: string, message = `expected ${expected}, found ${f}`) => ({ message, expected, found: f });
  switch (iss.code) {
    case 'invalid_type': {
      const expected = EXPECTED[iss.expected] ?? iss.expected;
      if (found === undefined) return { message: `missing: expected ${expected}`, expected };
      return said(expected);
    }
    case 'invalid_value': {
      const values = iss.values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
      const hint = typeof found === 'string' ? didYouMean(found, iss.values.map(String)) : undefined;
      const expected = values.length === 1 ? values[0]! : `one of ${values.join(', ')}`;
      return said(expected, `expected ${expected}, found ${f}${hint ? `; did you mean '${hint}'?` : ''}`);
    }
    case 'invalid_union': {
      const disc = (iss as { discriminator?: string }).discriminator;
      const options = ((iss as { options?: unknown[] }).options ?? []).map(String);
      if (disc !== undefined) {
        const field = String(path[path.length - 1] ?? disc);
        const hint = typeof found === 'string' ? didYouMean(found, options) : undefined;
        const expected = `one of ${options.join(', ')}`;
        if (found === undefined) return { message: `missing: every entry here needs a '${field}', one of ${options.join(', ')}`, expected };
        return said(expected, `'${field}' must be one of ${options.join(', ')}; found ${f}${hint ? ` (did you mean '${hint}'?)` : ''}`);
      }
      return said('a different value');
    }
    case 'too_small':
    case 'too_big': {
      const small = iss.code === 'too_small';
      const limit = Number(small ? (iss as { minimum: unknown }).minimum : (iss as { maximum: unknown }).maximum);
      const inclusive = iss.inclusive !== false;
      const cmp = small ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
      if (iss.origin === 'array' || iss.origin === 'set') {
        const n = Array.isArray(found) ? found.length : 0;
        return said(`${cmp} ${limit} entr${limit === 1 ? 'y' : 'ies'}`, `expected ${cmp} ${limit} entr${limit === 1 ? 'y' : 'ies'}, found ${n}`);
      }
      if (iss.origin === 'string') return said(small && limit === 1 ? 'a non-empty string' : `a string of ${cmp} ${limit} characters`);
      return said(`a number ${cmp} ${limit}`);
    }
    case 'invalid_format':
      return said(iss.format === 'regex' ? `text matching ${(iss as { pattern?: string }).pattern ?? 'the required pattern'}` : `a ${iss.format}`);
    case 'not_multiple_of':
      return said(`a multiple of ${String(iss.divisor)}`);
    case 'invalid_key': {
      const inner = iss.issues[0];
      const why = inner && inner.message !== GENERIC ? inner.message : 'not an allowed name';
      return { message: `the name '${String(path[path.length - 1])}' is not allowed here: ${why}`, found: String(path[path.length - 1]) };
    }
    case 'invalid_element':
      return said('a valid entry');
    case 'custom':
    case 'unrecognized_keys':
      return { message: `invalid value ${f}` };
  }
}

/**
 * The known keys of each object that had unknown ones, for "did you mean": zod names the unknown
 * keys, and the object schema that raised the issue (seen only by the error map) knows the rest.
 */
class KnownKeys {
  private readonly seen: { input: unknown; unknown: string; known: string[] }[] = [];

  record(iss: { input?: unknown; keys: string[]; inst?: unknown }): void {
    const shape = (iss.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
    if (shape) this.seen.push({ input: iss.input, unknown: iss.keys.join('\n'), known: Object.keys(shape) });
  }

  /** By identity; failing that (a preprocess step copied the object), by the same unknown keys. */
  find(input: unknown, unknown: string[]): string[] {
    const u = unknown.join('\n');
    return (this.seen.find((s) => s.input === input) ?? this.seen.find((s) => s.unknown === u))?.known ?? [];
  }
}

function valueAt(data: unknown, path: IssuePath): unknown {
  let v = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}
