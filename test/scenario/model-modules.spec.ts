import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run/run-scenario.js';
import { modelModules, parseScenario } from '../../sim/scenario/load.js';
import { sweep } from '../../sim/sweep/sweep.js';
import counter from '../fixtures/models/counter.js';
import echo from '../fixtures/models/echo.mjs';

/** The testing API with models of one's own: a scenario resolves its models from what it is given. */
const FILE = 'test/fixtures/models/counter.yaml';
const TEXT = readFileSync(FILE, 'utf8');
const models = { './counter.ts': counter, './echo.mjs': echo };

describe('a scenario with module models, through the API', () => {
  it('names the module paths its nodes use, each once, so a caller can load them first', () => {
    expect(modelModules(TEXT, FILE)).toEqual([
      { model: './counter.ts', path: ['nodes', 0, 'model'] },
      { model: './echo.mjs', path: ['nodes', 2, 'model'] },
    ]);
  });

  it('without its models, each node that names a module gets a positioned error', () => {
    const r = parseScenario(TEXT, FILE);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.path.join('.'), i.line, i.message])).toEqual([
      ['nodes.0.model', 6, expect.stringMatching(/^model module '\.\/counter\.ts' was not loaded/)],
      ['nodes.1.model', 8, expect.stringMatching(/^model module '\.\/counter\.ts' was not loaded/)],
      ['nodes.2.model', 11, expect.stringMatching(/^model module '\.\/echo\.mjs' was not loaded/)],
    ]);
  });

  it('runs and sweeps with the definitions given, the same on the same seed', () => {
    const r = parseScenario(TEXT, FILE, { models });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const a = runScenario(r.scenario, { variant: 'naive', seed: 3, models });
    const b = runScenario(r.scenario, { variant: 'naive', seed: 3, models: new Map(Object.entries(models)) });
    expect(a.verdict).toBe('pass');
    expect(a.traceDigest).toBe(b.traceDigest);
    // Node b steps by 2: the answers it gave are even counts.
    expect(a.nodes.b!.belief).toMatchObject({ served: expect.any(Number) });
    expect((a.nodes.b!.belief!.served as number) % 2).toBe(0);
    expect(sweep(r.scenario, { seeds: [1, 2, 3], variants: ['naive'], models }).variants[0]!.seedsPassed).toBe(3);
  });

  it("a typo in a module model's params is positioned at the key, with did-you-mean", () => {
    const r = parseScenario(TEXT.replace('params: { step: 2 }', 'params: { stepp: 2 }'), FILE, { models });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toMatchObject([{ path: ['nodes', 1, 'params', 'stepp'], line: 9, column: 15, message: "unknown field 'stepp'; did you mean 'step'?" }]);
  });

  it("a typo in a built-in model's params, on the node or in a variant, is positioned at the key too", () => {
    const text = readFileSync('scenarios/duplicate-payment.yaml', 'utf8');
    const onNode = parseScenario(text.replace('      workers: 64\n', '      wokers: 64\n'), 'dp.yaml');
    expect(onNode.ok).toBe(false);
    if (!onNode.ok)
      expect(onNode.issues[0]).toMatchObject({ path: ['nodes', 0, 'params', 'wokers'], line: 17, message: "unknown field 'wokers'; did you mean 'workers'?" });
    const inVariant = parseScenario(text.replace('{ api: { idempotency: {', '{ api: { idempotence: {'), 'dp.yaml');
    expect(inVariant.ok).toBe(false);
    if (!inVariant.ok)
      expect(inVariant.issues[0]).toMatchObject({
        path: ['variants', 'idempotency-key', 'params', 'api', 'idempotence'],
        message: "unknown field 'idempotence'; did you mean 'idempotency'?",
      });
  });

  it('a built-in name is never looked up through the prototype, and a path is never a built-in', () => {
    for (const model of ['valueOf', 'constructor', '__proto__', 'toString']) {
      const r = parseScenario(TEXT.replace('model: ./echo.mjs', `model: ${model}`), FILE, { models });
      expect(r.ok, model).toBe(false);
      if (!r.ok) expect(r.issues[0]!.message).toMatch(new RegExp(`^unknown model '${model.replace(/_/g, '_')}'`));
    }
    const r = parseScenario(TEXT.replace('model: ./echo.mjs', 'model: ./database'), FILE, { models });
    expect(!r.ok && r.issues[0]!.message).toMatch(/^model module '\.\/database' was not loaded/);
  });

  it("a typo in a node's params is reported once, at the node, not again at each variant that overrides that node", () => {
    const text = readFileSync('scenarios/duplicate-payment.yaml', 'utf8').replace('      workers: 64\n', '      workers: 64\n      wokers: 64\n');
    const r = parseScenario(text, 'dp.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path.join('.'))).toEqual(['nodes.0.params.wokers']);
  });
});
