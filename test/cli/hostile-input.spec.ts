import { describe, expect, it } from 'vitest';
import { BASE, edit } from '../scenario/base.js';
import { cli, inProcess, rejects, tempDir } from './cli.js';

/**
 * Input written to break faultline (issue 15): each gets the usual one-paragraph error naming the
 * file and the place in it, exit 2, nothing else on stderr, no stack trace.
 */

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

  it('escape sequences in a key are written out, never sent to the terminal', async () => {
    const f = tmp.file('escape.yaml', edit('seed: 7', 'seed: 7\ndura\u001b[2J\u001b]0;pwned\u0007tion: 1s'));
    const err = await rejects(['validate', f]);
    expect(err).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(err).toContain(`${f}:3:1: ["dura\\u001b[2J\\u001b]0;pwned\\u0007tion"]: unknown field 'dura\\e[2J\\e]0;pwned\\x07tion'`);
  });

  it('a newline inside a key stays on the line that names the file', async () => {
    const f = tmp.file('newline.yaml', edit('seed: 7', 'seed: 7\n"a\\nb": 1'));
    const lines = (await rejects(['validate', f])).trimEnd().split('\n');
    expect(lines).toEqual([`${f}:3:1: ["a\\nb"]: unknown field 'a\\nb' (known fields here: ${lines[0]!.split('known fields here: ')[1]}`]);
  });

  it('a mapping key that is a list: one positioned line, and nothing else on stderr (no YAML library warning)', () => {
    // Spawned: the library's warning would be printed by the process itself, after the command.
    const f = tmp.file('list-key.yaml', `${BASE}[a, b]: 1\n`);
    const r = cli(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${f}:27:1: a mapping key must be a name, found a list (\`[a, b]: ...\`): write the key as plain text\n`);
  });

  it('an undefined alias is reported as one, where it is', async () => {
    const f = tmp.file('alias.yaml', edit('seed: 7', 'seed: *nope'));
    expect(await rejects(['validate', f])).toBe(`${f}:2:7: undefined alias '*nope': no anchor '&nope' is set before it\n`);
  });

  it('exactly 100 aliases are accepted, as documented; 101 are not', async () => {
    const aliases = (n: number) => `${BASE}x-a: &x 1\n${Array.from({ length: n }, (_, i) => `x-b${i}: *x`).join('\n')}\n`;
    const ok = await inProcess(['validate', tmp.file('100.yaml', aliases(100))]);
    expect(ok.code).toBe(0);
    expect(await rejects(['validate', tmp.file('101.yaml', aliases(101))])).toMatch(/: too many aliases \(more than 100 expansions\)/);
  });

  it('a million nested lists are refused before parsing, at once and in little memory', async () => {
    const f = tmp.file('deep.json', `{"name": ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`);
    const started = performance.now();
    expect(await rejects(['validate', f])).toBe(`${f}:1:109: lists and mappings nest more than 100 deep here: a scenario needs a few levels\n`);
    expect(performance.now() - started).toBeLessThan(5000);
    const dashes = tmp.file('dashes.yaml', `${BASE}x-deep:\n  ${'- '.repeat(1_000_000)}1\n`);
    expect(await rejects(['validate', dashes])).toMatch(/:28:199: lists and mappings nest more than 100 deep here/);
  });

  it('50,000 unknown keys are validated in linear time', async () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `unknown${i}: 1`).join('\n');
    const f = tmp.file('keys.yaml', `${BASE}${keys}\n`);
    const started = performance.now();
    const err = await rejects(['validate', f]);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(err).toMatch(/^\.\.\. and 49980 more problems not shown$/m);
  });

  it('a variant client stack over the 32-layer cap is a validation error, not a stack overflow blamed on a model', async () => {
    const stack = `[${Array.from({ length: 33 }, () => '{ type: timeout, timeout: 1s }').join(', ')}]`;
    const f = tmp.file('stack.yaml', edit('  naive: {}', `  naive: { client: ${stack} }`));
    expect(await rejects(['validate', f])).toBe(`${f}:21:20: variants.naive.client: expected at most 32 entries, found 33\n`);
  });

  it('10,000 idle nodes are refused by the documented node limit, at once', async () => {
    const nodes = Array.from({ length: 10_000 }, (_, i) => `  - { id: n${i}, model: database }`).join('\n');
    const f = tmp.file('nodes.yaml', edit('nodes:\n', `nodes:\n${nodes}\n`));
    const started = performance.now();
    expect(await rejects(['run', f])).toMatch(new RegExp(`^${f}:5:3: nodes: expected at most 1000 entries, found 10002$`, 'm'));
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('argument parsing', () => {
  it('sweep --check-determinism FILE keeps FILE as the scenario (a share is given with =)', async () => {
    const r = await inProcess([
      'sweep',
      '--check-determinism',
      'scenarios/split-brain.yaml',
      '--variant',
      'fencing',
      '--seeds',
      '1..4',
      '--workers',
      '1',
      '--no-progress',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/determinism/i);
  });

  it('--variant navie suggests naive', async () => {
    const r = await inProcess(['run', 'scenarios/split-brain.yaml', '--variant', 'navie']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no variant named 'navie'; did you mean 'naive'\?/);
  });
});

describe('outputs checked before any work', () => {
  const tmp = tempDir();
  it.each([
    [
      ['sweep', 'scenarios/pg-timeout-cascade.yaml', '--out', '/nonexistent/dir/x.json'],
      '/nonexistent/dir/x.json: cannot write the report here: the directory /nonexistent/dir does not exist (ENOENT)',
    ],
    [
      ['sweep', 'scenarios/pg-timeout-cascade.yaml', '--shrink-out', 'README.md/shrunk'],
      /README\.md\/shrunk: cannot write the shrunk scenarios here: .*README\.md is not a directory \(ENOTDIR\)/,
    ],
    [
      ['replay', 'scenarios/pg-timeout-cascade.yaml', '--seed', '1', '--trace', '/nonexistent/t.jsonl'],
      '/nonexistent/t.jsonl: cannot write the trace here: the directory /nonexistent does not exist (ENOENT)',
    ],
    [
      ['compare', 'scenarios/', '--out', '/nonexistent/c.json'],
      '/nonexistent/c.json: cannot write the report here: the directory /nonexistent does not exist (ENOENT)',
    ],
    [
      ['merge', 'a.json', '--out', '/nonexistent/m.json'],
      '/nonexistent/m.json: cannot write the report here: the directory /nonexistent does not exist (ENOENT)',
    ],
  ])('%j fails at once, exit 2', async (args, message) => {
    const started = performance.now();
    const r = await inProcess(args as string[]);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    if (typeof message === 'string') expect(r.stderr).toBe(`${message}\n`);
    else expect(r.stderr).toMatch(message);
  });

  it('an --out that is a directory', async () => {
    const r = await inProcess(['run', 'scenarios/split-brain.yaml', '--out', tmp.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${tmp.dir}: cannot write the report here: it is a directory (EISDIR)\n`);
  });
});
