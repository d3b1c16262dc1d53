import { describe, expect, it } from 'vitest';
import { BASE, edit } from '../scenario/base.js';
import { inProcess, STACK_LINE, tempDir } from './cli.js';

/**
 * Input written to break faultline (issue 15): each gets the usual one-paragraph error naming the
 * file and the place in it, exit 2, nothing else on stderr, no stack trace.
 */
async function rejects(args: string[]): Promise<string> {
  const r = await inProcess(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(STACK_LINE);
  return r.stderr;
}

describe('hostile input', () => {
  const tmp = tempDir();

  it('a variant named __proto__ is the documented variant-name error, in validate, list and run', async () => {
    const f = tmp.file('proto.yaml', edit('  naive: {}', '  __proto__: {}\n  naive: {}'));
    const expected = `${f}:21:3: variants.__proto__: the name '__proto__' is not allowed here: expected a variant name starting with a letter (letters, digits, '-', '_')\n`;
    expect(await rejects(['validate', f])).toBe(expected);
    expect(await rejects(['run', f])).toBe(expected);
    const listed = await inProcess(['list', tmp.dir]);
    expect(listed.code).toBe(2);
    expect(listed.stderr).toContain(expected);
  });

  it('--variant constructor on a file without it lists the variants', async () => {
    const f = tmp.file('base.yaml', BASE);
    expect(await rejects(['run', f, '--variant', 'constructor'])).toBe(`${f}: variants: no variant named 'constructor' (variants: naive, safe)\n`);
  });
});
