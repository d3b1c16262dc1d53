import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BASE, edit } from '../scenario/base.js';
import { cli, inProcess, SCENARIO, tempDir } from './cli.js';

describe('faultline validate', () => {
  const tmp = tempDir();
  const good = tmp.file('good.yaml', BASE);
  const bad = tmp.file('bad.yaml', edit('duration: 5s', 'duration: soon'));

  it('prints an ok line per valid file', async () => {
    const r = await inProcess(['validate', good, SCENARIO]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`ok  ${good}  tiny: 2 variants, 1 check\nok  ${SCENARIO}  duplicate-payment: 3 variants, 3 checks\n`);
  });

  // End to end, spawned: the validate command and exit 2 (bad input).
  it('reports the issues of invalid files and exits 2', () => {
    const r = cli(['validate', good, bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(`ok  ${good}  tiny: 2 variants, 1 check\n`);
    expect(r.stderr).toMatch(new RegExp(`^${bad}:3:11: duration: expected a duration with a unit, like '250ms'.*, found 'soon'\n$`));
  });
});

describe('faultline list', () => {
  // End to end, spawned: the list command.
  it('lists the bundled scenarios by default', () => {
    const r = cli(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^duplicate-payment +variants: naive, idempotency-key, unique-constraint +checks: exactly-once, not-charged-if-failed, answered-after-heal +scenarios\/duplicate-payment\.yaml$/m,
    );
  });

  it('lists the built-in models with their summaries and params', async () => {
    const r = await inProcess(['list', '--models']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^service +\S.*\n +params: .*workers.*idempotency/m);
    expect(r.stdout).toMatch(/^database +\S/m);
  });

  it('lists the valid scenarios of a directory and reports the invalid ones, exit 2', async () => {
    const tmp = tempDir();
    tmp.file('a.yaml', BASE);
    tmp.file('b.yaml', 'name: [');
    const r = await inProcess(['list', tmp.dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^tiny +variants: naive, safe +checks: exactly-once/);
    expect(r.stderr).toMatch(/b\.yaml:1:\d+: malformed YAML/);
  });
});

describe('help and version', () => {
  it('prints the version from package.json', async () => {
    const r = await inProcess(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it.each(['run', 'compare', 'validate', 'list'])('%s --help shows examples and exit codes', async (command) => {
    const r = await inProcess([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('Exit codes: 0');
  });

  it('run --help says the default variant and seed', async () => {
    const out = (await inProcess(['run', '--help'])).stdout;
    expect(out).toContain('default: the first variant listed in the file');
    expect(out).toContain("default: the scenario's `seed`");
  });

  it('compare --help explains the exit code against expect', async () => {
    expect((await inProcess(['compare', '--help'])).stdout).toContain("0 when every cell is as its variant's `expect` says");
  });
});
