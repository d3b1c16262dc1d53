import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAxes, buildMap, readSource } from '../../sim/sweep/map/build.js';
import { parseParamPath, resolvePath } from '../../sim/sweep/map/path.js';
import { parseValues } from '../../sim/sweep/map/values.js';

const RETRY = 'scenarios/retry-storm.yaml';
const text = readFileSync(RETRY, 'utf8');

/** The field a path names in the retry-storm file, or the message saying why it names nothing. */
function resolve(path: string) {
  const source = readSource(text, RETRY);
  if (!source.ok) throw new Error('retry-storm does not read');
  const p = parseParamPath(path);
  if (!p.ok) return { message: p.message };
  const r = resolvePath(source.value.data, path, p.steps);
  return r.ok ? { field: r.path, value: r.value } : { message: r.message };
}

const axes = (path: string, values: string) => {
  const source = readSource(text, RETRY);
  if (!source.ok) throw new Error('retry-storm does not read');
  return buildAxes(source.value, RETRY, [{ path, values, from: { flag: '--param' } }]);
};

describe('map parameter paths', () => {
  it('name a field by dots, a list entry by index, a node by its id', () => {
    expect(resolve('workload.arrival.rate')).toEqual({ field: ['workload', 'arrival', 'rate'], value: '100/s' });
    expect(resolve('faults[0].duration')).toEqual({ field: ['faults', 0, 'duration'], value: '1s' });
    expect(resolve('variants.backoff-budget.client[0].maxAttempts')).toEqual({ field: ['variants', 'backoff-budget', 'client', 0, 'maxAttempts'], value: 4 });
    expect(resolve('nodes[backend].params.workers')).toEqual({ field: ['nodes', 0, 'params', 'workers'], value: 4 });
  });

  it('may name a field the file leaves to its default (the last step only)', () => {
    expect(resolve('faults[0].factor')).toEqual({ field: ['faults', 0, 'factor'], value: undefined });
    expect(resolve('nodes[backend].params.queueX.size').message).toContain("'nodes[0].params' has no field 'queueX'");
  });

  it('a path that names nothing says what is there', () => {
    expect(resolve('faults[7].duration').message).toBe('faults[7].duration: the file has 1 entry in faults (faults[0]..faults[0]), so faults[7] names nothing');
    expect(resolve('nodes[db].params.workers').message).toBe("nodes[db].params.workers: nodes has no entry with id 'db' (ids: backend)");
    expect(resolve('workload.arival.rate').message).toContain("'workload' has no field 'arival' (it has: clients, target, arrival, ops)");
    expect(resolve('faults.duration').message).toContain("'faults' is not a mapping");
    expect(resolve('faults[0')).toHaveProperty('message');
    expect(resolve('.rate').message).toContain('is not a parameter path');
  });

  it('such a path is a positioned issue, at the deepest part that exists', () => {
    const r = axes('faults[7].duration', '1s,2s');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ file: RETRY, path: ['faults'], line: 39 });
    expect(r.issues[0]!.message).toMatch(/^--param faults\[7\]\.duration: /);
  });
});

describe('map values', () => {
  it('a range of durations, rates or numbers, both ends included, in the unit written', () => {
    const raws = (spec: string) => {
      const r = parseValues(spec);
      if (!r.ok) throw new Error(r.message);
      return r.values.map((v) => v.raw);
    };
    expect(raws('1s..10s:4')).toEqual(['1s', '4s', '7s', '10s']);
    expect(raws('1s..2s:3')).toEqual(['1s', '1500ms', '2s']);
    expect(raws('100/s..800/s:8')).toEqual(['100/s', '200/s', '300/s', '400/s', '500/s', '600/s', '700/s', '800/s']);
    expect(raws('1..3:5')).toEqual([1, 2, 3]);
    expect(raws('0.5..1:3')).toEqual([0.5, 0.75, 1]);
    expect(raws('500ms,1s,2s')).toEqual(['500ms', '1s', '2s']);
  });

  it('refuses a range of two kinds, a bad step count, and a mixed list', () => {
    expect(parseValues('1s..800/s:4')).toMatchObject({ ok: false, message: expect.stringContaining('from a duration to a rate') });
    expect(parseValues('1s..2s:1')).toMatchObject({ ok: false, message: expect.stringContaining('from 2 to 50') });
    expect(parseValues('1s,5')).toMatchObject({ ok: false, message: expect.stringContaining('mix a duration and a number') });
  });

  it('a range in the wrong unit for its field is a positioned issue (exit 2 from the CLI)', () => {
    const r = axes('faults[0].duration', '100/s..800/s:8');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ path: ['faults', 0, 'duration'], line: 43 });
    expect(r.issues[0]!.message).toBe(
      '--param faults[0].duration: faults[0].duration is a duration ("1s" in the file), but the values given are rates: write them in its unit',
    );
  });

  it('a value the schema refuses is reported at its field, naming the point', () => {
    const r = buildMap(text, RETRY, [{ path: 'variants.naive.client[0].maxAttempts', values: '1,0' }]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]!.message).toMatch(/^at map point variants\.naive\.client\[0\]\.maxAttempts=0: /);
    expect(r.issues[0]!.path).toEqual(['variants', 'naive', 'client', 0, 'maxAttempts']);
    expect(r.issues[0]!.line).toBeGreaterThan(0);
  });

  it('an alias shared by two variants is edited in one only', () => {
    const r = buildMap(text, RETRY, [{ path: 'variants.naive.client[0].maxAttempts', values: '2' }]);
    if (!r.ok) throw new Error(r.issues[0]!.message);
    const s = r.value.points[0]!.scenario;
    const attempts = (v: string) => (s.variants[v]!.client[0] as { maxAttempts: number }).maxAttempts;
    expect([attempts('naive'), attempts('load-shedding')]).toEqual([2, 4]);
  });

  it('at most two parameters vary; more may be fixed at one value', () => {
    const r = buildMap(text, RETRY, [
      { path: 'workload.arrival.rate', values: '50/s,100/s' },
      { path: 'faults[0].duration', values: '1s,2s' },
      { path: 'faults[0].at', values: '3s,4s' },
    ]);
    expect(r).toMatchObject({ ok: false, issues: [{ message: expect.stringContaining('a map varies at most 2') }] });
    const fixed = buildMap(text, RETRY, [
      { path: 'workload.arrival.rate', values: '50/s,100/s' },
      { path: 'faults[0].at', values: '3s' },
    ]);
    expect(fixed.ok && fixed.value.points.map((p) => p.scenario.faults[0]!.at)).toEqual([3_000_000, 3_000_000]);
  });

  it('the map section: its entries are checked against the file, each problem positioned at the entry', () => {
    const withMap = `${text}\nmap:\n  params:\n    - path: faults[3].duration\n      values: [1s, 2s]\n    - path: x-naive-client[0].maxAttempts\n      values: 1..4:4\n`;
    const r = buildMap(withMap, 'm.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = withMap.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(r.issues.map((i) => [i.path, i.line])).toEqual([
      [['map', 'params', 0, 'path'], lineOf('faults[3].duration')],
      [['map', 'params', 1, 'path'], lineOf('path: x-naive-client')],
    ]);
    expect(r.issues[0]!.message).toMatch(/^map\.params\[0\]: faults\[3\]\.duration: the file has 1 entry in faults/);
    expect(r.issues[1]!.message).toContain('only a place for YAML anchors');
  });
});
