/**
 * User text on a terminal: a scenario's keys and values, file names from the command line, a
 * model's error message. Raw control characters there would act on the terminal of whoever reads
 * the output (a CI log viewer, a projector): `\x1b[2J` clears the screen, `\x1b]0;…\x07` retitles
 * the window, a newline starts a line that does not name the file. So every message that quotes
 * such text goes through `escapeControl`, and whole reports through `safeForTerminal`.
 */

/** C0 controls, DEL, C1 controls, and the bidirectional overrides and isolates ("Trojan Source"). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

const visible = (c: string): string => {
  if (Object.hasOwn(NAMED, c)) return NAMED[c]!;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
};

/** One line of text with every control character written out visibly: `\e[2J`, `\n`, `\x07`. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, visible);
}

/** Colour and style codes (SGR: ESC [ digits ; m), the only escape sequences faultline itself writes. */
const SGR = /\u001b\[[0-9;]*m/y;

/**
 * A whole report for a terminal or a pipe: newlines and tabs kept, and faultline's own colour
 * codes, every other control character (any other escape sequence included) written out visibly.
 */
export function safeForTerminal(text: string): string {
  return text.replace(CONTROL, (c, offset: number) => {
    if (c === '\n' || c === '\t') return c;
    if (c === '\u001b') {
      SGR.lastIndex = offset;
      if (SGR.test(text)) return c;
    }
    return visible(c);
  });
}
