import { verdict } from './common.js';
import type { CheckResult } from './types.js';

/**
 * The verdict of a check that judged nothing (no effect, op or window it could judge): it fails,
 * since the check almost certainly names the wrong effect or op, unless the config allows it.
 */
export function judgedNothing(
  config: { check: string; name?: string | undefined; allowEmpty: boolean },
  what: string,
  measured: Record<string, number>,
): CheckResult {
  if (config.allowEmpty) return verdict(config, { ok: true, detail: `judged nothing: ${what} (allowed: \`allowEmpty: true\`).`, measured });
  return verdict(config, { ok: false, detail: `judged nothing: ${what}; set \`allowEmpty: true\` if that is expected.`, measured });
}
