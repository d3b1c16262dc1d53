import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssues } from '../../reports/issues.js';
import { parseScenario, runScenario } from '../../sim/index.js';
import { regressionScenario } from '../../sim/sweep/regression.js';
import { edit } from './base.js';

const FILE = 'scenarios/x.yaml';

function parsed(text: string) {
  const r = parseScenario(text, FILE);
  if (!r.ok) throw new Error(formatIssues(r.issues));
  return r.scenario;
}
function report(text: string): string {
  const r = parseScenario(text, FILE);
  if (r.ok) throw new Error('expected the scenario to be rejected');
  return formatIssues(r.issues).trimEnd();
}

/** BASE with its variants written with a shared base variant merged in (`<<: *base`). */
const MERGED = edit(
  `variants:
  naive: {}
  safe:
    params: { api: { idempotency: { key: "{key}" } } }
`,
  `x-base: &base
  description: shared by both
  client:
    - { type: retry, maxAttempts: 3, waitDuration: 100ms }
    - { type: timeout, timeout: 300ms }
variants:
  naive:
    <<: *base
  safe:
    <<: *base
    description: the safe one
    params: { api: { idempotency: { key: "{key}" } } }
`,
);

/** The same variants written out in full. */
const EXPANDED = edit(
  `variants:
  naive: {}
  safe:
    params: { api: { idempotency: { key: "{key}" } } }
`,
  `variants:
  naive:
    description: shared by both
    client:
      - { type: retry, maxAttempts: 3, waitDuration: 100ms }
      - { type: timeout, timeout: 300ms }
  safe:
    description: the safe one
    client:
      - { type: retry, maxAttempts: 3, waitDuration: 100ms }
      - { type: timeout, timeout: 300ms }
    params: { api: { idempotency: { key: "{key}" } } }
`,
);

describe('YAML merge keys', () => {
  it('a mapping takes the fields of the one it merges; its own fields win', () => {
    const s = parsed(MERGED);
    expect(s.variants.naive).toEqual(parsed(EXPANDED).variants.naive);
    expect(s.variants.safe!.description).toBe('the safe one');
    expect(s.variants.safe!.client).toHaveLength(2);
    expect(s.variants.safe!.params).toEqual({ api: { idempotency: { key: '{key}' } } });
  });

  it('a merged scenario runs exactly as the one written out', () => {
    for (const variant of ['naive', 'safe']) {
      const a = runScenario(parsed(MERGED), { variant, seed: 3 });
      const b = runScenario(parsed(EXPANDED), { variant, seed: 3 });
      expect(a.traceDigest).toBe(b.traceDigest);
      expect(a.stats.requests).toBeGreaterThan(5);
    }
  });

  it('merges a list of mappings, earlier ones first', () => {
    const text = edit(
      'variants:\n  naive: {}',
      `x-a: &a { description: from a }
x-b: &b { description: from b, client: [{ type: timeout, timeout: 1s }] }
variants:
  naive: { <<: [*a, *b] }`,
    );
    const v = parsed(text).variants.naive!;
    expect(v.description).toBe('from a');
    expect(v.client).toEqual([{ type: 'timeout', timeout: 1_000_000 }]);
  });

  it('an error in a merged field is reported where the field is written, in the anchored mapping', () => {
    const bad = edit('{ type: timeout, timeout: 300ms }', '{ type: timeout, timeout: -1s }', MERGED);
    const lines = report(bad).split('\n');
    // Both variants merge it: each path is reported, both pointing at line 24, in the anchor.
    expect(lines).toEqual([
      "scenarios/x.yaml:24:33: variants.naive.client[1].timeout: expected a duration of zero or more, found '-1s'",
      "scenarios/x.yaml:24:33: variants.safe.client[1].timeout: expected a duration of zero or more, found '-1s'",
    ]);
    const unknown = edit('  description: shared by both', '  descriptoin: shared by both', MERGED);
    expect(report(unknown)).toContain("scenarios/x.yaml:21:3: variants.naive.descriptoin: unknown field 'descriptoin'; did you mean 'description'?");
  });

  it('a merge of something that is not a mapping is a positioned error', () => {
    const text = edit('variants:\n  naive: {}', 'variants:\n  naive:\n    <<: 5');
    expect(report(text)).toBe('scenarios/x.yaml:22:9: a merge key `<<` takes a mapping, an alias of one (`<<: *base`) or a list of them (`<<: [*a, *b]`)');
  });

  it('a regression file written from a merged scenario keeps the merged fields', () => {
    const text = regressionScenario(MERGED, { from: FILE, variant: 'safe', seed: 3, check: 'exactly-once', faults: [], runs: 1 });
    const s = parsed(text);
    expect(s.variants.safe!.client).toHaveLength(2);
    expect(s.variants.safe!.description).toBe('the safe one');
  });
});

describe('the merge-key example in docs/scenario-format.md', () => {
  it('runs: both variants get the base stack, one replaces its params', () => {
    const doc = readFileSync('docs/scenario-format.md', 'utf8');
    const at = doc.indexOf('A variant built on a shared base:');
    const block = /```yaml\n([\s\S]*?)```/.exec(doc.slice(at))![1]!;
    const example = block
      .split('\n')
      .map((l) => l.replace(/^ {2}/, ''))
      .join('\n');
    const text = edit(
      `variants:
  naive: {}
  safe:
    params: { api: { idempotency: { key: "{key}" } } }
`,
      example,
    );
    const s = parsed(text);
    expect(s.variants.keyed!.client).toHaveLength(2);
    expect(s.variants.unkeyed!.client).toEqual(s.variants.keyed!.client);
    expect(s.variants.keyed!.params).toEqual({ api: { idempotency: { key: '{key}' } } });
    expect(s.variants.unkeyed!.params).toEqual({ api: { workers: 8 } });
    expect(runScenario(s, { variant: 'keyed' }).checks[0]!.ok).toBe(true);
  });
});
