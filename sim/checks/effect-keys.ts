import { z } from 'zod';
import type { Effect } from '../world/history.js';

/** The placeholders a key template may use: the effect's key, node, value, or a field of its value. */
const PLACEHOLDER = /^(key|node|value(\.[A-Za-z0-9_-]+)*)$/;

/**
 * How a relational check finds the key an effect is about, so effects of two kinds can be matched:
 * a template over the effect (`{key}`, `{node}`, `{value}`, `{value.token}`, `upload-{key}`), or a
 * bare field name of its value (`token` means `{value.token}`).
 */
export const keyTemplate = z
  .string()
  .min(1)
  .max(200)
  .superRefine((t, ctx) => {
    if (!t.includes('{')) {
      if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(t)) {
        ctx.addIssue({ code: 'custom', message: `expected a field name of the effect's value (\`token\`) or a template (\`{value.token}\`), found '${t}'` });
      }
      return;
    }
    for (const m of t.matchAll(/\{([^{}]*)\}/g)) {
      if (!PLACEHOLDER.test(m[1]!)) {
        ctx.addIssue({ code: 'custom', message: `unknown placeholder '{${m[1]}}' in the key template '${t}': use {key}, {node}, {value} or {value.<field>}` });
        return;
      }
    }
    if (/[{}]/.test(t.replace(/\{[^{}]*\}/g, ''))) ctx.addIssue({ code: 'custom', message: `unbalanced braces in the key template '${t}'` });
  })
  .transform((t) => (t.includes('{') ? t : `{value.${t}}`));

/** Text for a key: strings as they are, other values as JSON; undefined for nothing or null. */
function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
}

function lookup(e: Effect, name: string): string | undefined {
  if (name === 'key') return e.key;
  if (name === 'node') return e.node;
  let v: unknown = e.value;
  for (const part of name.split('.').slice(1)) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return text(v);
}

/** The key an effect is about, by a parsed key template; undefined when a placeholder has nothing to fill it. */
export function effectKey(template: string, e: Effect): string | undefined {
  let missing = false;
  const out = template.replace(/\{([^{}]+)\}/g, (_m, name: string) => {
    const v = lookup(e, name);
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : out;
}
