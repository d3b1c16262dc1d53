import { supportsColor, supportsColorStderr } from 'chalk';
import { formatIssues } from '../reports/issues.js';
import { makeStyle, plain, type Style } from '../reports/style.js';
import type { ScenarioIssue } from '../sim/scenario/issues.js';
import { writeOrExit2 } from './write-or-exit2.js';
import { safeForTerminal } from '../reports/terminal-text.js';

/**
 * Where output goes and whether it is coloured. Colour only on a terminal; NO_COLOR turns it off,
 * FORCE_COLOR turns it on (chalk reads FORCE_COLOR, not NO_COLOR); a file never gets it.
 */
export function styleFor(stream: 'stdout' | 'stderr', env: NodeJS.ProcessEnv = process.env): Style {
  const detected = stream === 'stdout' ? supportsColor : supportsColorStderr;
  if (env.FORCE_COLOR !== undefined) return detected ? makeStyle(detected.level) : plain;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return plain;
  const tty = stream === 'stdout' ? process.stdout.isTTY : process.stderr.isTTY;
  return tty && detected ? makeStyle(detected.level) : plain;
}

/** A report to stdout, or whole to `--out` (never a partial file). */
export function emit(render: (style: Style) => string, out: string | undefined): void {
  emitChunks((style) => [render(style)], out);
}

/**
 * The same for a report made in pieces (a big JSON report): each piece goes out as it is made, to
 * stdout or to `--out`'s temporary file, which is renamed over the target only once all are written.
 */
export function emitChunks(render: (style: Style) => Iterable<string>, out: string | undefined): void {
  if (out === undefined) {
    // Reports quote the scenario's text (op names, labels, narrative): on a terminal, only our own colours act.
    // Piece by piece is the same as whole where no escape sequence straddles two pieces: JSON has
    // no raw escape character at all (stringify writes it \u001b).
    for (const chunk of render(styleFor('stdout'))) process.stdout.write(safeForTerminal(chunk));
    return;
  }
  // Rendered inside the write, so a render that throws leaves no file behind either.
  writeOrExit2(out, render(plain), 'report');
}

export function printIssues(issues: readonly ScenarioIssue[]): void {
  process.stderr.write(formatIssues(issues, styleFor('stderr')));
}
