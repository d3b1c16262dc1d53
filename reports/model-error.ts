import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMicros } from '../sim/kernel/time.js';
import type { ModelError } from '../sim/world/model.js';
import { escapeControl } from './terminal-text.js';

/** faultline's own code (compiled in dist/, or the sources under test): frames here are the engine. */
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OWN = ['sim', 'bin', 'reports'].map((d) => `${ROOT}${d}${sep}`);

/**
 * A model (or strategy) that threw, in one paragraph: which node, when, handling what, where in
 * the user's own code (file:line, from the stack; a .ts model's through its source map), and the
 * command that replays it. Not a failed check: a bug in the system under test's code.
 */
export function formatModelError(e: ModelError, reproduce: string): string {
  // The model's own words, on one line: whatever its message holds cannot act on the terminal.
  const why = escapeControl(e.cause instanceof Error ? e.cause.message : String(e.cause));
  const where = userFrame(e.cause);
  return (
    `model error: the model on node '${e.node}' threw at t=${formatMicros(e.atUs)} while handling ${e.handling}: ${why}` +
    `${where === undefined ? '' : ` (at ${where})`}. ` +
    `This is a bug in the model or a strategy, not a failed check. Replay it with: ${reproduce} ` +
    `(set FAULTLINE_DEBUG=1 for the stack trace)\n`
  );
}

/** The first stack frame outside faultline and node_modules: `models/kv.ts:42:11`. */
export function userFrame(cause: unknown): string | undefined {
  const stack = cause instanceof Error ? cause.stack : undefined;
  if (stack === undefined) return undefined;
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(([^()]+):(\d+):(\d+)\)\s*$/.exec(line) ?? /at ([^\s()]+):(\d+):(\d+)\s*$/.exec(line);
    if (m === null) continue;
    let file = m[1]!;
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if (file.startsWith('node:') || OWN.some((o) => file.startsWith(o)) || file.includes(`${sep}node_modules${sep}`)) continue;
    return `${file}:${m[2]}:${m[3]}`;
  }
  return undefined;
}
