import type { IssuePath } from '../../scenario/issues.js';

/**
 * A map parameter's path into the raw scenario data: `workload.arrival.rate`, `faults[0].duration`,
 * `variants.retry.client[1].maxAttempts`, `nodes[db].params.workers` (a list entry by its `id`,
 * or `name`, in brackets). Parsed once, then resolved against the file's data to the field's
 * position (numbers for list entries), so every point edits the same field.
 */
export type PathStep = { key: string } | { index: number } | { id: string };

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*/;
const BRACKET = /^\[\s*([^\]\s]+)\s*\]/;

export function parseParamPath(text: string): { ok: true; steps: PathStep[] } | { ok: false; message: string } {
  const steps: PathStep[] = [];
  let rest = text.trim();
  const bad = (why: string) => ({
    ok: false as const,
    message: `'${text}' is not a parameter path (${why}): write fields with dots and list entries in brackets, like workload.arrival.rate, faults[0].duration or nodes[db].params.workers`,
  });
  if (rest === '') return bad('it is empty');
  let first = true;
  while (rest !== '') {
    if (!first && rest.startsWith('.')) rest = rest.slice(1);
    else if (!first && !rest.startsWith('[')) return bad(`unexpected '${rest[0]}'`);
    const key = KEY.exec(rest);
    if (key) {
      steps.push({ key: key[0] });
      rest = rest.slice(key[0].length);
    } else if (first || !rest.startsWith('[')) return bad(`expected a field name at '${rest}'`);
    first = false;
    for (let b = BRACKET.exec(rest); b; b = BRACKET.exec(rest)) {
      const inner = b[1]!;
      steps.push(/^\d+$/.test(inner) ? { index: Number(inner) } : { id: inner });
      rest = rest.slice(b[0].length);
    }
    if (rest.startsWith('[')) return bad(`an unclosed or empty bracket at '${rest}'`);
  }
  return { ok: true, steps };
}

/** A path as written back: `faults[0].duration`. */
export function formatPath(p: IssuePath): string {
  return p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

export type Resolved =
  | { ok: true; path: IssuePath; value: unknown }
  /** `at`: the deepest part of the path that exists, to point at in the file. */
  | { ok: false; at: IssuePath; message: string };

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The field a path names in the raw data. Every step must exist but the last, which may be a key
 * the file leaves out (a default): it is then set. A list entry by id is looked up by `id`, else
 * `name`.
 */
export function resolvePath(data: unknown, text: string, steps: readonly PathStep[]): Resolved {
  const at: IssuePath = [];
  let here: unknown = data;
  for (const [i, step] of steps.entries()) {
    const last = i === steps.length - 1;
    const where = at.length === 0 ? 'the top level of the file' : `'${formatPath(at)}'`;
    if ('key' in step) {
      if (!isMapping(here)) return { ok: false, at, message: `${text}: ${where} is not a mapping, so it has no field '${step.key}'` };
      if (!Object.hasOwn(here, step.key)) {
        if (last) return { ok: true, path: [...at, step.key], value: undefined };
        const keys = Object.keys(here).filter((k) => !k.startsWith('x-'));
        return { ok: false, at, message: `${text}: ${where} has no field '${step.key}' (it has: ${keys.join(', ') || 'none'})` };
      }
      at.push(step.key);
      here = here[step.key];
    } else {
      if (!Array.isArray(here))
        return { ok: false, at, message: `${text}: ${where} is not a list, so it has no entry [${'index' in step ? step.index : step.id}]` };
      const list = here as unknown[];
      const what = formatPath(at);
      if ('index' in step) {
        if (step.index >= list.length)
          return {
            ok: false,
            at,
            message: `${text}: the file has ${list.length} ${list.length === 1 ? 'entry' : 'entries'} in ${what}${list.length > 0 ? ` (${what}[0]..${what}[${list.length - 1}])` : ''}, so ${what}[${step.index}] names nothing`,
          };
        at.push(step.index);
        here = list[step.index];
      } else {
        const idOf = (e: unknown) => (isMapping(e) ? (typeof e.id === 'string' ? e.id : typeof e.name === 'string' ? e.name : undefined) : undefined);
        const k = list.findIndex((e) => idOf(e) === step.id);
        if (k < 0) {
          const ids = list.map(idOf).filter((x) => x !== undefined);
          return { ok: false, at, message: `${text}: ${what} has no entry with id '${step.id}' (ids: ${ids.join(', ') || 'none'})` };
        }
        at.push(k);
        here = list[k];
      }
    }
  }
  return { ok: true, path: at, value: here };
}

/** Sets the field at a resolved path in data the caller owns (a copy). */
export function setAt(data: unknown, path: IssuePath, value: unknown): void {
  let here = data as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) here = here[step] as Record<string | number, unknown>;
  here[path[path.length - 1]!] = value;
}
