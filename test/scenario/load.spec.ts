import { describe, expect, it } from 'vitest';
import { formatIssues } from '../../reports/issues.js';
import type { ScenarioIssue } from '../../sim/scenario/issues.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { BASE, edit, PG_MODEL } from './base.js';

const FILE = 'scenarios/x.yaml';

function issuesOf(text: string): ScenarioIssue[] {
  const r = parseScenario(text, FILE);
  if (r.ok) throw new Error('expected the scenario to be rejected');
  return r.issues;
}
const report = (text: string) => formatIssues(issuesOf(text)).trimEnd();

describe('parseScenario', () => {
  it('accepts the base scenario, with units parsed', () => {
    const r = parseScenario(BASE, FILE);
    if (!r.ok) throw new Error(formatIssues(r.issues));
    expect(r.scenario.duration).toBe(5_000_000);
    expect(r.scenario.faults[0]).toMatchObject({ kind: 'pause', at: 1_000_000, duration: 500_000, reason: 'GC' });
    expect(Object.keys(r.scenario.variants)).toEqual(['naive', 'safe']);
  });

  it('accepts JSON, since JSON is YAML', () => {
    const json = JSON.stringify({
      name: 'j',
      duration: '1s',
      nodes: [{ id: 'pg', model: 'service' }],
      variants: { only: {} },
      checks: [{ check: 'exactly-once', effect: 'charge' }],
    });
    expect(parseScenario(json, 'x.json').ok).toBe(true);
  });

  it('reports malformed YAML with the parser line and column', () => {
    const issues = issuesOf(edit('  arrival: { process: constant, rate: 2/s }', '  arrival: { process: constant, rate: 2/s'));
    expect(issues[0]).toMatchObject({ file: FILE, line: 14 });
    expect(issues[0]!.message).toMatch(/^malformed YAML: /);
  });

  it('reports a wrong type with expected and found', () => {
    const issues = issuesOf(edit('seed: 7', 'seed: seven'));
    expect(issues).toEqual([
      { file: FILE, path: ['seed'], line: 2, column: 7, message: "expected a number, found 'seven'", expected: 'a number', found: "'seven'" },
    ]);
  });

  it('reports a negative duration at its line and column', () => {
    expect(report(edit('    duration: 500ms', '    duration: -3s'))).toMatchInlineSnapshot(
      `"scenarios/x.yaml:18:15: faults[0].duration: expected a duration of zero or more, found '-3s'"`,
    );
  });

  it('reports a duration without a unit', () => {
    expect(report(edit('duration: 5s', 'duration: 5'))).toMatchInlineSnapshot(
      `"scenarios/x.yaml:3:11: duration: expected a duration with a unit, like '250ms', '2s', '1m' (units: us, ms, s, m, h), found the bare number 5"`,
    );
  });

  it('names the allowed values of a discriminated union, with a did-you-mean', () => {
    const text = report(edit('  - kind: pause', '  - kind: paus'));
    expect(text).toMatch(
      /^scenarios\/x\.yaml:16:11: faults\[0\]\.kind: 'kind' must be one of partition, partition-one-way, isolate, .*pause.*; found 'paus' \(did you mean 'pause'\?\)$/,
    );
  });

  it('says when the discriminator is missing', () => {
    expect(report(edit('  - kind: pause\n', '  - \n'))).toMatch(/faults\[0\]\.kind: missing: every entry here needs a 'kind', one of partition,/);
  });

  it('reports an unknown key at the key, with a did-you-mean', () => {
    expect(report(edit('seed: 7', 'seeed: 7'))).toMatchInlineSnapshot(`"scenarios/x.yaml:2:1: seeed: unknown field 'seeed'; did you mean 'seed'?"`);
  });

  it('lists the known fields when no key is close', () => {
    expect(report(edit('    node: pg', '    node: pg\n    zzzzzz: 1'))).toMatch(
      /^scenarios\/x\.yaml:20:5: faults\[0\]\.zzzzzz: unknown field 'zzzzzz' \(known fields here: kind, at, label, repeat, duration, node, reason\)$/,
    );
  });

  it('reports an unknown model with a did-you-mean and the list', () => {
    expect(report(edit(PG_MODEL, '  - id: pg\n    model: servce'))).toMatch(
      /^scenarios\/x\.yaml:9:12: nodes\[1\]\.model: unknown model 'servce'; did you mean 'service'\? \(models: .*service.*\)$/,
    );
  });

  it('reports an unknown model and bad params in the same pass as other errors', () => {
    const text = edit(PG_MODEL, '  - id: pg\n    model: servce', edit('    duration: 500ms', '    duration: soon'));
    const lines = report(text).split('\n');
    expect(lines.some((l) => l.includes("nodes[1].model: unknown model 'servce'"))).toBe(true);
    expect(lines.some((l) => l.includes('faults[0].duration'))).toBe(true);
    const badParam = report(edit('params: { workers: 8,', 'params: { workers: 8, order: sometimes,'));
    expect(badParam).toMatch(/nodes\[0\]\.params\.order: /);
    expect(badParam.split('\n').filter((l) => l.includes('params.order'))).toHaveLength(1); // reported once
  });

  it('reports a check naming a node that does not exist', () => {
    const text = edit(
      '  - check: exactly-once\n    effect: charge\n',
      '  - check: rate-bound\n    effect: charge\n    node: pgg\n    max: 1\n    window: 1s\n',
    );
    expect(report(text)).toMatchInlineSnapshot(`"scenarios/x.yaml:27:11: checks[0].node: no node named 'pgg'; did you mean 'pg'? (nodes: api, pg, client-1)"`);
  });

  it('refuses a variant name that does not start with a letter (it would reorder the variants)', () => {
    const text = BASE.replace(/^variants:\n  (\w+):/m, 'variants:\n  2fast:');
    expect(text).not.toBe(BASE);
    expect(report(text)).toMatch(/variants\["2fast"\]: the name .2fast. is not allowed here: expected a variant name starting with a letter/);
  });

  it('refuses a clock set both at the top level and in the node entry, and a clock for an unknown node', () => {
    const both = edit(PG_MODEL, `${PG_MODEL}\n    clock: { drift: 5ppm }`) + 'clocks:\n  pg: { drift: 10ppm }\n  pgg: { offset: 1s }\n';
    const text = report(both);
    expect(text).toMatch(/clocks\.pg: node 'pg' has a clock here and in its `nodes` entry: set it in one place/);
    expect(text).toMatch(/clocks\.pgg: no node named 'pgg'; did you mean 'pg'\?/);
  });

  it('refuses control characters (terminal escape sequences) in scenario and check names', () => {
    expect(report(BASE.replace(/^name: tiny$/m, 'name: "tiny\\u001b[31mred"'))).toMatch(
      /^scenarios\/x\.yaml:1:7: name: expected a name without control characters/m,
    );
    expect(report(edit('  - check: exactly-once', '  - check: exactly-once\n    name: "a\\tb"'))).toMatch(
      /checks\[0\]\.name: expected a name without control characters/,
    );
  });

  it('reports a network link naming a node that does not exist', () => {
    const text = BASE.replace(/^network:.*$/m, '') + '\nnetwork:\n  links:\n    - { from: api, to: [pgg], loss: 1% }\n';
    expect(report(text)).toMatch(/network\.links\[0\]\.to\[0\]: no node named 'pgg'; did you mean 'pg'\?/);
  });

  it('reports a fault naming a node that does not exist', () => {
    expect(report(edit('    node: pg', '    node: db'))).toMatch(/^scenarios\/x\.yaml:19:11: faults\[0\]\.node: no node named 'db'/);
  });

  it('reports a missing required field at the object that lacks it', () => {
    expect(report(edit('duration: 5s\n', ''))).toMatchInlineSnapshot(
      `"scenarios/x.yaml:1:1: duration: expected a duration with a unit, like '250ms', '2s', '1m' (units: us, ms, s, m, h), but the field is missing"`,
    );
  });

  it('reports every problem at once', () => {
    const text = edit('seed: 7', 'seed: -1', edit('    duration: 500ms', '    duration: soon'));
    expect(issuesOf(text).map((i) => i.path.join('.'))).toEqual(['seed', 'faults.0.duration']);
  });

  it('rejects an empty file and one with only comments', () => {
    expect(issuesOf('')[0]!.message).toMatch(/^the file is empty/);
    expect(issuesOf('  \n\n')[0]!.message).toMatch(/^the file is empty/);
    expect(issuesOf('# nothing yet\n')[0]!.message).toMatch(/holds no value/);
  });

  it('rejects a top level that is not a mapping', () => {
    expect(issuesOf('- a\n- b\n')[0]).toMatchObject({
      path: [],
      line: 1,
      column: 1,
      message: 'expected a mapping at the top level (name: ..., nodes: ..., and so on), found a list',
    });
    expect(issuesOf('just text\n')[0]!.message).toMatch(/found 'just text'$/);
  });

  it('rejects duplicate keys', () => {
    const issues = issuesOf(edit('seed: 7', 'seed: 7\nseed: 8'));
    expect(issues[0]).toMatchObject({ line: 3, column: 1, message: "the key 'seed' appears twice in the same mapping" });
  });

  it('never runs code: custom tags are rejected', () => {
    const issues = issuesOf(edit('name: tiny', "name: !!js/function 'function () { return 1 }'"));
    expect(issues[0]).toMatchObject({ line: 1, column: 7 });
    expect(issues[0]!.message).toMatch(/tags are not supported/);
  });

  it('stops alias bombs', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++)
      bomb.push(
        `${'abcdef'[i]}: &${'abcdef'[i]} [${Array(10)
          .fill(`*${'abcdef'[i - 1]}`)
          .join(', ')}]`,
      );
    expect(issuesOf(bomb.join('\n') + '\n')[0]!.message).toMatch(/^too many aliases/);
  });

  it('allows a few aliases, as the bundled scenarios use them for shared client stacks', () => {
    const text = edit('  naive: {}', '  naive: { client: *stack }', edit('variants:', 'x-stack: &stack [{ type: timeout, timeout: 1s }]\nvariants:'));
    expect(parseScenario(text, FILE).ok).toBe(true);
  });
});
