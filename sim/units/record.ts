import { z } from 'zod';

/**
 * Mappings keyed by text from a scenario file (variant, node, check and param names), without a
 * lookup through the prototype: `constructor`, `toString` and `valueOf` are ordinary names, and
 * `__proto__` is never silently dropped or turned into a prototype.
 */

/** `record[key]` when `key` is the record's own: `own(variants, 'constructor')` is undefined, not Object. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets `record[key]` as an own property, even for `__proto__` (which `=` would take as the prototype). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * `z.record(key, value)` that refuses a `__proto__` key at its place instead of dropping it (zod
 * skips it, so a variant named `__proto__` would vanish): with the key schema's own message when
 * that refuses the name, else as a name JavaScript reserves.
 */
export function nameRecord<K extends z.ZodType<string, string>, V extends z.ZodType>(
  key: K,
  value: V,
): z.ZodType<z.output<z.ZodRecord<K, V>>, z.input<z.ZodRecord<K, V>>> {
  return z.preprocess(
    (raw, ctx) => {
      if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && Object.hasOwn(raw, '__proto__')) {
        const r = key.safeParse('__proto__');
        const why = r.success ? 'JavaScript reserves it, so faultline does not accept it as a name' : (r.error.issues[0]?.message ?? 'not an allowed name');
        // `params.at: 'key'`: the loader points at the key as written, not at its value.
        ctx.addIssue({ code: 'custom', path: ['__proto__'], message: `the name '__proto__' is not allowed here: ${why}`, input: raw, params: { at: 'key' } });
      }
      return raw;
    },
    z.record(key, value),
  );
}
