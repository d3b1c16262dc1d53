import { describe, expect, it } from 'vitest';
import { formatIssues } from '../../reports/issues.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { compareRuns } from '../../sim/run/verdict-matrix.js';
import { sweep } from '../../sim/sweep/sweep.js';
import { DurableStorage } from '../../sim/world/storage.js';
import { BASE, edit, PG_MODEL } from './base.js';

/**
 * Every table a scenario's text indexes (models, strategies, checks, variants, nodes, params,
 * expect, clocks, narrative, op names) looks names up as its own keys only: `constructor`,
 * `toString` and `valueOf` are ordinary names (valid or unknown like any other), and `__proto__`
 * is refused where it is written, never dropped or taken for a prototype.
 */
const NAMES = ['__proto__', 'constructor', 'toString', 'valueOf'] as const;
const FILE = 'scenarios/x.yaml';

function issues(text: string): string {
  const r = parseScenario(text, FILE);
  if (r.ok) throw new Error('expected the scenario to be rejected');
  return formatIssues(r.issues).trimEnd();
}
function accepted(text: string) {
  const r = parseScenario(text, FILE);
  if (!r.ok) throw new Error(formatIssues(r.issues));
  return r.scenario;
}

describe.each(NAMES)("the name '%s'", (name) => {
  it('as a model: an unknown model', () => {
    expect(issues(edit(PG_MODEL, `  - id: pg\n    model: ${name}`))).toMatch(new RegExp(`nodes\\[1\\]\\.model: unknown model '${name}'`));
  });

  it('as a strategy type, a check kind, a latency dist, a fault kind: one of the known values is expected', () => {
    expect(issues(edit('  naive: {}', `  naive: { client: [{ type: ${name} }] }`))).toMatch(/client\[0\]\.type: 'type' must be one of timeout/);
    expect(issues(edit('  - check: exactly-once\n    effect: charge', `  - check: ${name}`))).toMatch(/checks\[0\]\.check: 'check' must be one of/);
    expect(issues(`${BASE}network:\n  default:\n    latency: { dist: ${name} }\n`)).toMatch(/latency\.dist: 'dist' must be one of constant/);
    expect(issues(edit('  - kind: pause', `  - kind: ${name}`))).toMatch(/faults\[0\]\.kind: 'kind' must be one of/);
  });

  it('as a model param: an unknown field', () => {
    expect(issues(edit('params: { workers: 8,', `params: { workers: 8, ${name}: 1,`))).toMatch(
      name === '__proto__'
        ? /nodes\[0\]\.params\.__proto__: the name '__proto__' is not allowed here/
        : new RegExp(`nodes\\[0\\]\\.params\\.${name}: unknown field '${name}'`),
    );
  });

  it("in a variant's params and clocks, and the top-level clocks: a node that does not exist", () => {
    const unknownNode = (path: string) =>
      name === '__proto__'
        ? new RegExp(`${path}\\.__proto__: the name '__proto__' is not allowed here`)
        : new RegExp(`${path}\\.${name}: no node named '${name}'`);
    expect(issues(edit('  naive: {}', `  naive: { params: { ${name}: { a: 1 } } }`))).toMatch(unknownNode('variants\\.naive\\.params'));
    expect(issues(edit('  naive: {}', `  naive: { clocks: { ${name}: { drift: 5ppm } } }`))).toMatch(unknownNode('variants\\.naive\\.clocks'));
    expect(issues(`${BASE}clocks:\n  ${name}: { drift: 5ppm }\n`)).toMatch(unknownNode('clocks'));
  });

  it("in a variant's expect: a check that does not exist", () => {
    expect(issues(edit('  naive: {}', `  naive: { expect: { ${name}: pass } }`))).toMatch(
      name === '__proto__' ? /variants\.naive\.expect\.__proto__: the name '__proto__' is not allowed here/ : new RegExp(`no check named '${name}'`),
    );
  });

  it('as a variant name: __proto__ is refused as variant names are; the others are variants like any', () => {
    const text = edit('  naive: {}', `  ${name}: {}\n  naive: {}`);
    if (name === '__proto__') {
      expect(issues(text)).toBe(
        `scenarios/x.yaml:21:3: variants.__proto__: the name '__proto__' is not allowed here: expected a variant name starting with a letter (letters, digits, '-', '_')`,
      );
      return;
    }
    const s = accepted(text);
    expect(Object.keys(s.variants)).toEqual([name, 'naive', 'safe']);
    expect(runScenario(s, { variant: name }).variant).toBe(name);
    // A name the file does not have is refused, whatever Object.prototype holds.
    const without = accepted(BASE);
    expect(() => runScenario(without, { variant: name })).toThrow(/has no variant/);
    expect(() => sweep(without, { seeds: [1], variants: [name] })).toThrow(/has no variant/);
  });

  it('as a node id: __proto__ is not a node name; the others are nodes like any', () => {
    const text = edit('  - id: pg\n', `  - id: ${name}\n    model: database\n  - id: pg\n`);
    if (name === '__proto__') {
      expect(issues(text)).toMatch(/nodes\[1\]\.id: expected a node name/);
      return;
    }
    const run = runScenario(accepted(`${text}clocks:\n  ${name}: { drift: 5ppm }\n`), { variant: 'naive' });
    expect(Object.hasOwn(run.nodes, name)).toBe(true);
    // A node without a clock of its own gets none from Object.prototype.
    expect(runScenario(accepted(text), { variant: 'naive' }).verdict).toBe('pass');
  });

  it('as a check name: __proto__ is refused; the others are names an expect can use', () => {
    const text = edit('  - check: exactly-once\n    effect: charge', `  - check: exactly-once\n    effect: charge\n    name: ${name}`);
    if (name === '__proto__') {
      expect(issues(text)).toMatch(/checks\[0\]\.name: the check name '__proto__' is not allowed/);
      return;
    }
    const s = accepted(edit('  naive: {}', `  naive: { expect: { ${name}: fail } }`, text));
    const runs = Object.keys(s.variants).map((variant) => runScenario(s, { variant }));
    const matrix = compareRuns(runs, { tiny: { naive: { [name]: 'fail' } } });
    expect(matrix.scenarios[0]!.variants.map((v) => v.cells[0]!.expected)).toEqual(['fail', undefined]);
  });

  it('as an op name and a narrative text: ordinary text, kept in stats and narration', () => {
    const s = accepted(`${edit('  ops: [{ f: charge }]', `  ops: [{ f: ${name} }]`)}narrative:\n  - { at: 1s, text: ${name} }\n`);
    const run = runScenario(s, { variant: 'naive' });
    expect(Object.keys(run.stats.perOperation)).toEqual([name]);
    expect(Object.getPrototypeOf(run.stats.perOperation)).toBe(Object.prototype);
    expect(run.narrative).toEqual([{ at: 1_000_000, text: name }]);
  });

  it('as a disk key: kept in the snapshot', () => {
    const disk = new DurableStorage();
    disk.write(name, 1);
    expect(Object.keys(disk.snapshot())).toEqual([name]);
  });

  it('in a scenario name: compare keeps its expectations apart', () => {
    const s = accepted(edit('name: tiny', `name: x${name}`));
    expect(s.name).toBe(`x${name}`);
  });
});
