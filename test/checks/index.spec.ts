import { describe, expect, it } from 'vitest';
import { CHECK_NAMES, checkKind, checkNodeRefs, checkSchema, runCheck, type CheckConfig } from '../../sim/checks/index.js';

/** The smallest valid config of each check, as a scenario file would write it. */
const MINIMAL: Record<string, Record<string, unknown>> = {
  'exactly-once': {},
  'failed-means-not-done': {},
  'single-leader': {},
  'no-stale-writes': { lease: '10s' },
  'no-lost-writes': { node: 'db' },
  'rate-bound': { effect: 'charge', max: 5, window: '1s' },
  linearizable: {},
  slo: { latency: '500ms' },
  'liveness-after-heal': { within: '5s' },
  'failure-detection': {},
  'never-after': { effect: 'accepted', after: 'revoked' },
  requires: { effect: 'metadata-written', requires: 'stored' },
  'error-budget': { budget: '1%', window: '10s' },
  'no-deadlock': {},
};

const empty = { history: [], effects: [], nodes: {}, timeline: { faults: [], nodes: {}, partitions: [], deploys: [] }, endUs: 1_000_000 };

describe('checks index', () => {
  it('every check parses from YAML-like input and runs on an empty run with its declared kind', () => {
    expect([...CHECK_NAMES].sort()).toEqual(Object.keys(MINIMAL).sort());
    for (const name of CHECK_NAMES) {
      const config: CheckConfig = checkSchema.parse({ check: name, ...MINIMAL[name] });
      const v = runCheck(config, empty);
      expect(v.kind, name).toBe(checkKind(config));
      expect(v.name).toBe(name);
      expect(typeof v.ok).toBe('boolean');
      expect(v.detail.length).toBeGreaterThan(0);
    }
  });

  it('a display name replaces the check name', () => {
    expect(runCheck(checkSchema.parse({ check: 'exactly-once', name: 'no double charge' }), empty).name).toBe('no double charge');
  });

  it('rejects unknown checks and unknown fields with a path', () => {
    expect(checkSchema.safeParse({ check: 'exactly-twice' }).success).toBe(false);
    const r = checkSchema.safeParse({ check: 'exactly-once', efect: 'charge' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['efect'] });
  });

  it('durations and rates use scenario units', () => {
    expect(checkSchema.parse({ check: 'liveness-after-heal', within: '5s', ratio: '80%' })).toMatchObject({ within: 5_000_000, ratio: 0.8 });
    expect(checkSchema.safeParse({ check: 'liveness-after-heal', within: 5 }).success).toBe(false);
  });

  it('node refs: only fields that name nodes', () => {
    expect(checkNodeRefs(checkSchema.parse({ check: 'rate-bound', effect: 'x', max: 1, window: '1s', node: 'pg' }))).toEqual([{ path: ['node'], node: 'pg' }]);
    expect(checkNodeRefs(checkSchema.parse({ check: 'rate-bound', effect: 'x', max: 1, window: '1s' }))).toEqual([]);
    expect(checkNodeRefs(checkSchema.parse({ check: 'exactly-once' }))).toEqual([]);
  });
});
