import { describe, expect, it } from 'vitest';
import { BASE, edit, PG_MODEL } from '../scenario/base.js';
import { inProcess, rejects, SCENARIO, tempDir } from './cli.js';

/**
 * Every bad input exits 2 with file:line:col: path: message on stderr, nothing on stdout, no stack.
 * In-process: test/cli/commands.spec.ts runs exit 2 end to end.
 */

describe('bad input', () => {
  const tmp = tempDir();

  it('malformed YAML: the parser line and column', async () => {
    const f = tmp.file('malformed.yaml', 'name: x\nnodes: [a, b\nchecks: []\n');
    expect(await rejects(['run', f])).toMatch(new RegExp(`^${f}:3:\\d+: malformed YAML: `));
  });

  it('wrong types, negative durations, unknown keys: every issue, one line each', async () => {
    const text = edit('seed: 7', 'seed: x\nseeed: 2', edit('    duration: 500ms', '    duration: -3s'));
    const f = tmp.file('wrong.yaml', text);
    expect((await rejects(['run', f])).replaceAll(f, 'FILE')).toMatchInlineSnapshot(`
      "FILE:2:7: seed: expected a number, found 'x'
      FILE:3:1: seeed: unknown field 'seeed'; did you mean 'seed'?
      FILE:19:15: faults[0].duration: expected a duration of zero or more, found '-3s'
      "
    `);
  });

  it('an unknown model', async () => {
    const f = tmp.file('model.yaml', edit(PG_MODEL, '  - id: pg\n    model: gateway'));
    expect(await rejects(['validate', f])).toMatch(new RegExp(`^${f}:9:12: nodes\\[1\\]\\.model: unknown model 'gateway' \\(models: `));
  });

  it('a check naming a node that does not exist', async () => {
    const f = tmp.file(
      'check-node.yaml',
      edit(
        '    effect: charge\n',
        '    effect: charge\n    node: nowhere\n    max: 1\n    window: 1s\n',
        edit('  - check: exactly-once', '  - check: rate-bound'),
      ),
    );
    expect(await rejects(['run', f])).toMatch(/checks\[0\]\.node: no node named 'nowhere' \(nodes: api, pg, client-1\)/);
  });

  it('an empty file', async () => {
    const f = tmp.file('empty.yaml', '');
    expect(await rejects(['run', f])).toBe(`${f}: the file is empty: expected a scenario (a mapping with name, duration, nodes, variants and checks)\n`);
  });

  it('a file that does not exist', async () => {
    expect(await rejects(['run', 'scenarios/nope.yaml'])).toBe('scenarios/nope.yaml: no such file\n');
  });

  it('a directory that does not exist', async () => {
    expect(await rejects(['compare', 'no-such-dir/'])).toBe('no-such-dir/: no such file or directory\n');
    expect(await rejects(['list', 'no-such-dir'])).toBe('no-such-dir: no such file or directory\n');
  });

  it('a directory where a file is needed', async () => {
    expect(await rejects(['run', tmp.dir])).toMatch(/: is a directory, expected a scenario file/);
  });

  it('a directory with no scenarios in it', async () => {
    const { dir } = tempDir();
    expect(await rejects(['compare', dir])).toBe(`${dir}: holds no scenario files (*.yaml, *.yml, *.json)\n`);
  });

  it('a binary file (NUL bytes)', async () => {
    const f = tmp.file('binary.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]));
    expect(await rejects(['run', f])).toBe(`${f}: looks like a binary file (it contains NUL bytes), expected a YAML or JSON scenario\n`);
  });

  it('a file that is not UTF-8', async () => {
    const f = tmp.file('latin1.yaml', Buffer.from('name: caf\xe9\n', 'latin1'));
    expect(await rejects(['validate', f])).toMatch(/is not valid UTF-8 text/);
  });

  it('a top level that is not a mapping', async () => {
    const f = tmp.file('list.yaml', '- name: x\n');
    expect(await rejects(['run', f])).toMatch(/:1:1: expected a mapping at the top level/);
  });

  it('caps the issues shown at 20', async () => {
    const text = edit('variants:', `${Array.from({ length: 25 }, (_, i) => `extra${i}: 1`).join('\n')}\nvariants:`);
    const lines = (await rejects(['run', tmp.file('many.yaml', text)])).trimEnd().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines.at(-1)).toBe('... and 5 more problems not shown');
  });

  it('a valid file next to bad ones: compare loads nothing, reports all', async () => {
    const good = tmp.file('good.yaml', BASE);
    const bad = tmp.file('bad.yaml', edit('seed: 7', 'seed: -7'));
    expect(await rejects(['compare', good, bad, '--seeds', '1'])).toMatch(/bad\.yaml:2:7: seed: expected a number at least 0, found -7/);
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [['run', SCENARIO, '--bogus'], /^faultline: unknown flag --bogus for faultline run \(flags: --variant, --seed, [^)]*--format, --out\b[^)]*\)\n/],
    [['run', SCENARIO, '--varient', 'naive'], /^faultline: unknown flag --varient for faultline run; did you mean --variant\?\n/],
    [['compare', SCENARIO, '--seed', '1..5'], /^faultline: unknown flag --seed for faultline compare; did you mean --seeds\?\n/],
    [['sweep', SCENARIO, '--fail-fst'], /^faultline: unknown flag --fail-fst for faultline sweep; did you mean --fail-fast\?\n/],
    [
      ['run'],
      /^faultline: run: missing the scenario FILE\. Usage: faultline run FILE \[--variant NAME\].* Example: npx faultline run scenarios\/duplicate-payment\.yaml --variant naive\n/,
    ],
    [['compare'], /^faultline: compare: missing at least one PATH\. Usage: faultline compare PATH\.\.\. .* Example: npx faultline compare scenarios\//],
    [['run', SCENARIO, 'extra'], /^faultline: run: unexpected argument 'extra'\. Usage: faultline run FILE/],
    [['frobnicate'], /^faultline: unknown command 'frobnicate' \(commands: run, compare, validate, list, demo, sweep, replay, merge\b[^)]*\)\n/],
    [['compar', SCENARIO], /^faultline: unknown command 'compar'; did you mean 'compare'\?/],
    [[], /^faultline: name a command: run, compare, validate or list/],
    [['run', SCENARIO, '--format', 'xml'], /^faultline: Invalid values:/],
    [['compare', SCENARIO, '--seeds', '9..1'], /^faultline: --seeds: the range '9\.\.1' runs backwards; write 1\.\.9/],
    [['compare', SCENARIO, '--seeds', 'lots'], /^faultline: --seeds: 'lots' is not a seed, a range or a list/],
  ])('%j', async (args, message) => {
    const r = await inProcess(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Run 'faultline --help' for usage\.\n$/);
  });
});
