import { type Beat, wrapLines } from '../../reports/demo.js';
import { safeForTerminal } from '../../reports/terminal-text.js';

/**
 * Plays a demo script on the terminal: at a pace (virtual seconds per real second), or one
 * chapter per key press. Everything here is I/O; what to say was decided in reports/demo.ts.
 */

/** No real gap longer than this, so a quiet stretch of the run does not leave a class waiting. */
export const MAX_GAP_MS = 2_000;
/** Time to read a narrative line, a violation or the belief panel before the run moves on (at speed 1). */
const READ_MS: Partial<Record<Beat['kind'], number>> = { narrative: 1_800, violation: 2_500, panel: 900 };

/** The terminal's width, read at each write (a window can be resized mid-demo); undefined off a terminal. */
export const columnsOf = (out: NodeJS.WritableStream): number | undefined => (out as { columns?: number }).columns;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function playPaced(beats: readonly Beat[], speed: number, out: NodeJS.WritableStream): Promise<void> {
  let last = 0;
  for (const b of beats) {
    const gapMs = Math.min(MAX_GAP_MS, (b.at - last) / 1_000 / speed);
    if (gapMs > 0) await sleep(gapMs);
    last = Math.max(last, b.at);
    out.write(safeForTerminal(wrapLines(b.lines, columnsOf(out)).join('\n') + '\n'));
    const read = READ_MS[b.kind];
    if (read !== undefined) await sleep(read / speed);
  }
}

/**
 * One chapter per key press (raw mode, so no Enter needed); q, Escape or Ctrl-C stops. Returns
 * false when the viewer quit early.
 */
export async function playStepped(chapters: readonly string[][], input: NodeJS.ReadStream, out: NodeJS.WritableStream, hint: string): Promise<boolean> {
  input.setRawMode(true);
  input.resume();
  try {
    for (let i = 0; i < chapters.length; i++) {
      out.write(safeForTerminal(wrapLines(chapters[i]!, columnsOf(out)).join('\n') + '\n'));
      if (i === chapters.length - 1) return true;
      out.write(hint);
      const key = await nextKey(input);
      out.write('\r\u001b[2K');
      if (key === 'q' || key === 'Q' || key === '\u0003' || key === '\u001b') {
        out.write('(stopped)\n');
        return false;
      }
    }
    return true;
  } finally {
    input.setRawMode(false);
    input.pause();
  }
}

function nextKey(input: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve) => input.once('data', (d: Buffer) => resolve(d.toString('utf8'))));
}
