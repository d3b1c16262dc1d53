/**
 * Fallback, after Polly's Fallback strategy and cockatiel's `fallback`: when the call fails, answer
 * with a substitute value instead, marked `fallback: <label>` so the history records it as a
 * substitute and not as the real answer.
 */
import { z } from 'zod';
import type { Call, Outcome, Policy } from './call.js';

export const fallbackSchema = z.strictObject({
  type: z.literal('fallback'),
  /** The substitute answer (any YAML value). */
  value: z.unknown(),
  /** How the history names the substitute; defaults to the value as text. */
  label: z.string().optional(),
  /** Which failures get the substitute. */
  on: z
    .array(z.enum(['error', 'timeout', 'rejected']))
    .min(1)
    .default(['error', 'timeout', 'rejected']),
});
export type FallbackConfig = z.output<typeof fallbackSchema>;

export function fallbackPolicy(config: FallbackConfig): Policy {
  const label = config.label ?? (typeof config.value === 'string' ? config.value : (JSON.stringify(config.value) ?? 'fallback'));
  const handles = new Set<string>(config.on);
  return <T>(call: Call<T>): Call<T> =>
    (done, cancel) =>
      call((o: Outcome<T>) => done(o.kind !== 'ok' && handles.has(o.kind) ? { kind: 'ok', value: config.value as T, fallback: label } : o), cancel);
}
