import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../reports/issues.js';
import { formatModelError } from '../../reports/model-error.js';
import { escapeControl, safeForTerminal } from '../../reports/terminal-text.js';
import { makeStyle } from '../../reports/style.js';
import { ModelError } from '../../sim/world/model.js';

describe('user text on a terminal', () => {
  it('escapeControl writes every control character out, on one line', () => {
    expect(escapeControl('dura\u001b[2J\u001b]0;pwned\u0007tion\na\tb\r\u0000\u009b\u202e')).toBe(
      'dura\\e[2J\\e]0;pwned\\x07tion\\na\\tb\\r\\x00\\x9b\\u{202e}',
    );
    expect(escapeControl('plain text, µs and ✓')).toBe('plain text, µs and ✓');
  });

  it('safeForTerminal keeps newlines, tabs and colour codes, and nothing else', () => {
    const red = makeStyle(1).red('red');
    expect(safeForTerminal(`${red}\n\tok \u001b[2J\u001b]0;t\u0007`)).toBe(`${red}\n\tok \\e[2J\\e]0;t\\x07`);
  });

  it('the issue formatter escapes the file, the path and the message', () => {
    const line = formatIssue({ file: 'x\u001b[2J.yaml', path: ['a\nb'], line: 1, column: 2, message: "unknown field 'a\nb'" });
    expect(line).toBe(`x\\e[2J.yaml:1:2: ["a\\nb"]: unknown field 'a\\nb'`);
  });

  it("a model's error message is quoted escaped", () => {
    const text = formatModelError(new ModelError('api', 5, 'timer #1', new Error('boom\u001b[2J\nsecond line')), 'npx faultline run x.yaml');
    expect(text).toMatch(/threw at t=5us while handling timer #1: boom\\e\[2J\\nsecond line /);
    expect(text.trimEnd()).not.toContain('\n');
  });
});
