import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario } from '../../sim/index.js';
import { DiagramCollector } from '../../reports/html/collect.js';
import { jsonScript } from '../../reports/html/embed.js';
import { renderRunHtml } from '../../reports/html/run.js';
import { buildSeries } from '../../reports/html/series.js';
import { runView } from '../../reports/html/view.js';
import type { TraceEvent } from '../../sim/world/trace.js';
import { doubleCharge, fakeRun } from './fixtures.js';

const send = (id: number, at: number, msg: unknown = { t: 'req', f: 'charge', key: 'order-7' }): TraceEvent => ({
  type: 'send',
  at,
  from: 'api',
  to: 'pg',
  id,
  msg,
});

const NO_FAULTS = { faults: [], nodes: {}, partitions: [], deploys: [] };

describe('HTML report', () => {
  it('embeds data so that no message text can close the script block or open a comment', () => {
    const html = jsonScript('d', { text: '</script><script>alert(1)</script> <!-- x --> \u2028' });
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toContain('<!--');
    expect(JSON.parse(html.replace(/^<script[^>]*>/, '').replace(/<\/script>$/, ''))).toEqual({ text: '</script><script>alert(1)</script> <!-- x --> \u2028' });
  });

  it('pairs sends with arrivals, losses and duplicate copies', () => {
    const c = new DiagramCollector();
    const events: TraceEvent[] = [
      { type: 'start', at: 0, node: 'api' },
      send(1, 10),
      send(2, 20),
      send(3, 30),
      { type: 'deliver', at: 15, from: 'api', to: 'pg', id: 1, msg: {}, duplicate: false },
      { type: 'deliver', at: 18, from: 'api', to: 'pg', id: 1, msg: {}, duplicate: true },
      { type: 'drop', at: 20, from: 'api', to: 'pg', id: 2, reason: 'partition' },
    ];
    events.forEach((e) => c.event(e));
    // Bands come from the executed timeline, as the world records it.
    const d = c.diagram({
      faults: [],
      partitions: [],
      deploys: [],
      nodes: {
        api: [{ state: 'up', fromUs: 0 }],
        pg: [
          { state: 'up', fromUs: 0, toUs: 40 },
          { state: 'paused', fromUs: 40, toUs: 90, fault: 0, reason: 'GC' },
          { state: 'up', fromUs: 90 },
        ],
      },
    });
    expect(d.lanes).toEqual(['api', 'pg']);
    expect(d.labels).toEqual(['charge order-7']);
    expect(d.messages).toEqual([
      [10, 0, 1, 15, 0, 0, 18],
      [20, 0, 1, 20, 2, 0, -1],
      [30, 0, 1, -1, 4, 0, -1],
    ]);
    expect(d.bands).toEqual([{ lane: 1, kind: 'pause', from: 40, to: 90, label: 'paused (GC)' }]);
    // The flows count every message by send bucket: 3 sent api → pg, 1 lost (the partition), 0
    // duplicated (a duplicate copy's own event, not its delivery, counts one).
    expect(d.flows).toEqual({ bucketUs: 1_000, pairs: [[0, 1, [3], [1], []]] });
  });

  it('counts a duplicated message once as duplicated, and a dropped duplicate copy not as lost', () => {
    const c = new DiagramCollector();
    const events: TraceEvent[] = [
      send(1, 10),
      { type: 'duplicate', at: 11, from: 'api', to: 'pg', id: 1 },
      { type: 'deliver', at: 15, from: 'api', to: 'pg', id: 1, msg: {}, duplicate: false },
      { type: 'drop', at: 16, from: 'api', to: 'pg', id: 1, reason: 'loss' },
      send(2, 1_500),
      { type: 'duplicate', at: 1_501, from: 'api', to: 'pg', id: 2 },
      { type: 'drop', at: 1_502, from: 'api', to: 'pg', id: 2, reason: 'loss' },
      { type: 'deliver', at: 1_503, from: 'api', to: 'pg', id: 2, msg: {}, duplicate: true },
    ];
    events.forEach((e) => c.event(e));
    expect(c.diagram(NO_FAULTS).flows.pairs).toEqual([[0, 1, [1, 1], [0, 1], [1, 1]]]);
  });

  it('stays bounded: past its limit it keeps every 2nd message, then every 4th, and counts them all', () => {
    const c = new DiagramCollector(100);
    for (let i = 0; i < 1_000; i++) c.event(send(i, i * 1_000_000));
    const d = c.diagram(NO_FAULTS);
    expect(d.sendsTotal).toBe(1_000);
    expect(d.stride).toBe(16);
    expect(d.messages.length).toBeLessThanOrEqual(100);
    expect(d.messages.every((m) => (m[0] / 1_000_000) % 16 === 0)).toBe(true);
    expect(d.sent.reduce((a, b) => a + b, 0)).toBe(1_000);
    expect(d.sent.length).toBeLessThanOrEqual(2_048);
    // The flows still count all 1 000, in at most 2 048 buckets.
    expect(d.flows.pairs[0]![2].reduce((a, b) => a + b, 0)).toBe(1_000);
    expect(d.flows.pairs[0]![2].length).toBeLessThanOrEqual(2_048);
  });

  it('keeps every message inside a focus window (around a violation) whatever the stride', () => {
    const c = new DiagramCollector(100, 100, [[500_000_000, 520_000_000]]);
    for (let i = 0; i < 1_000; i++) c.event(send(i, i * 1_000_000));
    const d = c.diagram(NO_FAULTS);
    expect(d.stride).toBeGreaterThan(1);
    const inFocus = d.messages.filter((m) => m[0] >= 500_000_000 && m[0] <= 520_000_000);
    expect(inFocus.map((m) => m[0] / 1_000_000)).toEqual(Array.from({ length: 21 }, (_, i) => 500 + i));
    expect(d.focus).toEqual([[500_000_000, 520_000_000]]);
    // Outside it, still every stride-th, in send order.
    const outside = d.messages.filter((m) => m[0] < 500_000_000 || m[0] > 520_000_000);
    expect(outside.every((m) => (m[0] / 1_000_000) % d.stride === 0)).toBe(true);
    expect(d.messages.map((m) => m[0])).toEqual(d.messages.map((m) => m[0]).sort((a, b) => a - b));
  });

  it('derives throughput, latency, errors and in-flight work per bucket, and breaker states from notes', () => {
    const run = fakeRun();
    const c = new DiagramCollector();
    c.event({ type: 'note', at: 2_500_000, node: 'client-1', text: 'circuit-breaker CLOSED -> OPEN' });
    const s = buildSeries(c.diagram(NO_FAULTS), run.history, run.endUs);
    const at = (t: number) => Math.floor(t / s.bucketUs);
    expect(s.ok[at(1_012_000)]).toBe(1);
    expect(s.p50[at(1_012_000)]).toBe(12_000);
    expect(s.inFlight[at(2_500_000)]).toBe(1);
    expect(s.inFlight.at(-1)).toBe(0);
    // Per operation name, the same answers split: together they are every answer.
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(s.perOp.length).toBeGreaterThan(0);
    expect(total(s.perOp.flatMap((o) => o.ok))).toBe(total(s.ok));
    expect(total(s.perOp.flatMap((o) => o.errors))).toBe(total(s.errors));
    expect(s.breakers).toEqual([
      {
        node: 'client-1',
        changes: [
          { at: 0, state: 'CLOSED' },
          { at: 2_500_000, state: 'OPEN' },
        ],
      },
    ]);
  });

  it('renders a whole page with the verdicts, the reproducer and the blamed effects marked in its data', () => {
    const run = fakeRun({}, [doubleCharge]);
    const view = runView('run', run, new DiagramCollector().diagram(run.timeline));
    expect(view.violations[0]).toMatchObject({ check: 'exactly-once', effects: [0, 1], ops: [1] });
    const html = renderRunHtml({ run, view, context: [], reproduce: 'faultline run x.yaml --variant naive --seed 42' });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain('<code>faultline run x.yaml --variant naive --seed 42</code>');
    expect(html).toContain('<span class="badge fail">FAIL</span>');
  });

  it("the load plots carry offered, attempts, goodput and errors, and each service block's queue and utilisation", () => {
    const parsed = parseScenario(readFileSync('docs/examples/blocks/service.yaml', 'utf8'), 'service.yaml');
    if (!parsed.ok) throw new Error('example does not load');
    const run = runScenario(parsed.scenario);
    const view = runView('run', run, new DiagramCollector().diagram(run.timeline));
    expect(view.load.bucketUs).toBe(1_000_000);
    expect(view.load.offered.reduce((a, b) => a + b, 0)).toBe(run.stats.requests);
    expect(view.load.attempts!.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(run.stats.requests);
    expect(view.load.nodes.map((n) => n.node)).toEqual(['api', 'db']);
    expect(Math.max(...view.load.nodes[1]!.utilisation!)).toBeGreaterThan(0.95);
  });
});
