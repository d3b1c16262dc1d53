import { formatMicros } from '../sim/kernel/time.js';
import type { ModelError } from '../sim/world/model.js';

/**
 * A model (or strategy) that threw, in one paragraph: which node, when, handling what, and the
 * command that replays it. Not a failed check: a bug in the system under test's code.
 */
export function formatModelError(e: ModelError, reproduce: string): string {
  const why = e.cause instanceof Error ? e.cause.message : String(e.cause);
  return (
    `model error: the model on node '${e.node}' threw at t=${formatMicros(e.atUs)} while handling ${e.handling}: ${why}. ` +
    `This is a bug in the model or a strategy, not a failed check. Replay it with: ${reproduce} ` +
    `(set FAULTLINE_DEBUG=1 for the stack trace)\n`
  );
}
