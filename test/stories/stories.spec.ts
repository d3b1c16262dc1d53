import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isModelPath, parseScenario, runScenario, type Scenario, type ScenarioRun } from '../../sim/index.js';

/**
 * The five stories issue 12 found could not be written without TypeScript, written from
 * docs/scenario-format.md alone (docs/examples/stories). Each loads, each variant holds its
 * `expect` on seeds 1..5, and per story one assertion reads the evidence of the phenomenon.
 */
const DIR = 'docs/examples/stories';
const SEEDS = [1, 2, 3, 4, 5];
const STORIES = ['canary-rollback', 'metastable-retries', 'occ-backoff-jitter', 'token-revocation', 'upload-metadata-and-file'];

const scenarios = new Map<string, Scenario>();
function load(story: string): Scenario {
  let s = scenarios.get(story);
  if (s === undefined) {
    const file = `${DIR}/${story}.yaml`;
    const r = parseScenario(readFileSync(file, 'utf8'), file);
    if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.issues)}`);
    scenarios.set(story, (s = r.scenario));
  }
  return s;
}
const runs = new Map<string, ScenarioRun>();
function run(story: string, variant: string, seed = 1): ScenarioRun {
  const id = `${story}/${variant}/${seed}`;
  let r = runs.get(id);
  if (r === undefined) runs.set(id, (r = runScenario(load(story), { variant, seed })));
  return r;
}
const series = (r: ScenarioRun, node: string, metric: string): number[] => {
  const s = r.series.nodes[node]?.[metric];
  if (s === undefined) throw new Error(`no ${metric} series for ${node}`);
  return s.values;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const S = 1_000_000;

describe('stories as data (docs/examples/stories)', () => {
  it('holds the five stories, each linked from docs/scenario-format.md', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
    expect(files.sort()).toEqual(STORIES.map((s) => `${s}.yaml`));
    const doc = readFileSync('docs/scenario-format.md', 'utf8');
    for (const s of STORIES) expect(doc).toContain(`(examples/stories/${s}.yaml)`);
  });

  describe.each(STORIES)('%s', (story) => {
    const scenario = load(story);
    it('uses no model of its own, and has a failing and a passing variant', () => {
      expect(scenario.nodes.filter((n) => isModelPath(n.model))).toEqual([]);
      const verdicts = Object.values(scenario.variants).map((v) => Object.values(v.expect ?? {}));
      expect(verdicts.some((v) => v.includes('fail'))).toBe(true);
      expect(verdicts.some((v) => v.length > 0 && v.every((x) => x === 'pass'))).toBe(true);
    });
    for (const [variant, v] of Object.entries(scenario.variants)) {
      it(`${variant}: every check has its expected verdict on seeds ${SEEDS.join(', ')}`, () => {
        expect(v.expect, `variant ${variant} declares no expected verdicts`).toBeDefined();
        for (const seed of SEEDS) {
          const r = run(story, variant, seed);
          expect(r.stopReason, `seed ${seed}`).not.toBe('event-budget');
          expect(r.events, `seed ${seed}: a story stays small`).toBeLessThan(50_000);
          const got = Object.fromEntries(r.checks.map((c) => [c.name, c.ok ? 'pass' : 'fail']));
          expect(got, `seed ${seed}: ${r.checks.map((c) => `${c.name}: ${c.detail}`).join(' | ')}`).toEqual(v.expect);
        }
      });
    }
  });

  it('token-revocation: the token is accepted after its revocation, by both servers or by the restarted one', () => {
    const accepted = (r: ScenarioRun) => {
      const revokedAt = r.effects.find((e) => e.kind === 'revoked' && e.key === 'token-0')!.time;
      return r.effects.filter((e) => e.kind === 'accepted' && e.key === 'token-0' && e.time > revokedAt);
    };
    const naive = accepted(run('token-revocation', 'signature-only'));
    expect(new Set(naive.map((e) => e.node))).toEqual(new Set(['api-1', 'api-2']));
    // The blacklist holds until api-2's restart empties it (crash at 3 s, back at 3.5 s).
    const blacklist = run('token-revocation', 'blacklist');
    const late = accepted(blacklist);
    expect(late.length).toBeGreaterThan(10);
    expect(late.every((e) => e.node === 'api-2' && e.time >= 3.5 * S)).toBe(true);
    expect(blacklist.history.some((h) => h.type === 'fail' && h.note === '401 token revoked')).toBe(true);
    // The blacklists' own gauge: api-1 keeps the revocation, api-2 lost it in the crash.
    expect(series(blacklist, 'api-1', 'remembered').slice(3)).toEqual([1, 1, 1]);
    expect(series(blacklist, 'api-2', 'remembered').slice(4)).toEqual([0, 0]);
    const introspect = run('token-revocation', 'introspect');
    expect(accepted(introspect)).toEqual([]);
    expect(introspect.history.some((h) => h.type === 'fail' && h.note === '401 token revoked (from auth)')).toBe(true);
  });

  it('canary-rollback: without rollback the error budget burns; with it the canary is rolled back within 2 s', () => {
    const failedShare = (r: ScenarioRun) => r.stats.failed / r.stats.requests;
    const none = run('canary-rollback', 'no-rollback');
    expect(none.effects.filter((e) => e.kind === 'rollback')).toEqual([]);
    expect(none.effects.filter((e) => e.kind === 'deploy-step')).toHaveLength(2);
    expect(failedShare(none)).toBeGreaterThan(0.5);
    for (const variant of ['rollback', 'rollback-retry']) {
      const r = run('canary-rollback', variant);
      const step = r.effects.find((e) => e.kind === 'deploy-step')!;
      const rollback = r.effects.find((e) => e.kind === 'rollback')!;
      expect(rollback.time - step.time).toBeLessThan(2 * S);
      expect(r.effects.filter((e) => e.kind === 'deploy-step')).toHaveLength(1);
      expect(failedShare(r)).toBeLessThan(0.05);
    }
    // Retrying 5xx hides the canary from the clients, not from the deployer.
    expect(run('canary-rollback', 'rollback-retry').stats.failed).toBeLessThan(run('canary-rollback', 'rollback').stats.failed);
  });

  it('upload-metadata-and-file: row-first leaves rows without files, one per failed upload; file-first none', () => {
    const rowsWithoutFiles = (r: ScenarioRun) => {
      const files = new Set(r.effects.filter((e) => e.kind === 'stored').map((e) => e.key));
      return r.effects.filter((e) => e.kind === 'write' && e.node === 'db' && !files.has(e.key)).map((e) => e.key);
    };
    const rowFirst = run('upload-metadata-and-file', 'row-first');
    const failed = rowFirst.history.filter((h) => h.type === 'fail').map((h) => h.key);
    expect(failed.length).toBeGreaterThan(5);
    expect(rowsWithoutFiles(rowFirst).sort()).toEqual(failed.sort());
    expect(rowsWithoutFiles(run('upload-metadata-and-file', 'file-first'))).toEqual([]);
  });

  it('metastable-retries: the queue stays full after the trigger ends, unless a retry budget caps the retries or the database sheds', () => {
    const retries = run('metastable-retries', 'retries');
    const budget = run('metastable-retries', 'retry-budget');
    const queued = series(retries, 'db', 'queued');
    expect(queued[1]).toBeLessThan(10); // healthy before the trigger (2 s to 3 s)
    for (const t of [4, 5, 6]) expect(queued[t], `second ${t}`).toBeGreaterThan(150);
    // Attempts stay near three per query, far past the knee (250/s) and the offered 130/s.
    for (const t of [4, 5, 6]) expect(series(retries, 'db', 'requests')[t]).toBeGreaterThan(300);
    const drained = series(budget, 'db', 'queued');
    for (const t of [5, 6]) expect(drained[t], `second ${t}`).toBeLessThan(10);
    for (const t of [4, 5, 6]) expect(series(budget, 'db', 'requests')[t]).toBeLessThan(250);
    // Shedding drops the queries whose callers gave up, and the queue drains as well.
    const shed = run('metastable-retries', 'shed');
    for (const t of [5, 6]) expect(series(shed, 'db', 'queued')[t], `second ${t}`).toBeLessThan(10);
    expect(sum(series(shed, 'db', 'expired'))).toBeGreaterThan(50);
  });

  it('occ-backoff-jitter: without jitter every round has one winner; full jitter completes every update with far fewer attempts', () => {
    const measure = (variant: string) => {
      const r = run('occ-backoff-jitter', variant);
      const completed = r.effects.filter((e) => e.kind === 'write').length;
      return { completed, perUpdate: sum(series(r, 'api', 'requests')) / completed };
    };
    const jitter = measure('full-jitter');
    expect(jitter.completed).toBe(20);
    for (const variant of ['no-backoff', 'exponential']) {
      const m = measure(variant);
      expect(m.completed, variant).toBeLessThan(15);
      expect(m.perUpdate, variant).toBeGreaterThan(2 * jitter.perUpdate);
    }
  });
});
