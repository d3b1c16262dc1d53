import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { ArrayTraceSink } from '../../sim/world/trace.js';
import { inProcess } from '../cli/cli.js';

/**
 * The HTML report in a real browser, as a teacher or an engineer opens it: from a file, offline.
 * Needs /usr/bin/chromium, which .ci/run installs. Without it the test fails in CI, and is
 * skipped (saying why) only on a developer machine (CI unset).
 */
const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve('test-output');
const SCENARIO = 'scenarios/split-brain.yaml';
const missing = !existsSync(CHROMIUM);
if (missing && !process.env.CI) console.warn(`skipping the browser tests: ${CHROMIUM} is missing (.ci/run installs it: apt-get install -y chromium)`);

describe.skipIf(missing && !process.env.CI)('HTML report in Chromium', () => {
  let browser: Browser;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    if (missing) throw new Error(`${CHROMIUM} is missing: the browser tests need it. .ci/run installs it (apt-get install -y chromium).`);
    mkdirSync(OUT, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => browser?.close());

  async function open(file: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
    return page;
  }

  /** Sends in [t0, t1] by the trace of the same run: what the diagram must draw. */
  function sendsBetween(t0: number, t1: number): number {
    const parsed = parseScenario(readFileSync(SCENARIO, 'utf8'), SCENARIO);
    if (!parsed.ok) throw new Error('split-brain does not load');
    const sink = new ArrayTraceSink();
    runScenario(parsed.scenario, { variant: 'naive', seed: 1, trace: sink });
    return sink.events.filter((e) => e.type === 'send' && e.at >= t0 && e.at <= t1).length;
  }

  it('draws split-brain naive: every message in range, the stale write highlighted, no errors, no network', async () => {
    const file = resolve(OUT, 'split-brain-naive.html');
    const r = await inProcess(['run', SCENARIO, '--variant', 'naive', '--seed', '1', '--format', 'html', '--out', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const page = await open(file);

    const diagram = page.locator('svg.diagram');
    expect(await diagram.getAttribute('data-t0')).toBe('0');
    const whole = Number(await diagram.getAttribute('data-t1'));
    expect(await page.locator('svg.diagram .msg').count()).toBe(sendsBetween(0, whole));

    // A narrower range through the range inputs, as a person would type it.
    await page.fill('input.from', '12');
    await page.fill('input.to', '14');
    await page.locator('input.to').dispatchEvent('change');
    expect(await diagram.getAttribute('data-t0')).toBe('12000000');
    expect(await diagram.getAttribute('data-t1')).toBe('14000000');
    const inRange = sendsBetween(12_000_000, 14_000_000);
    expect(inRange).toBeGreaterThan(0);
    expect(await page.locator('svg.diagram .msg').count()).toBe(inRange);
    await expect.poll(() => page.locator('.range-status').textContent()).toContain(`${inRange} messages sent, all drawn`);

    // The violation: a line at its moment, and the stale write (the effect the check blamed) highlighted.
    expect(await page.locator('.violation-line').count()).toBe(1);
    expect(await page.locator('.violation-line text').textContent()).toContain('no-stale-writes at 13.003s');
    const stale = page.locator('.effect.violating', { hasText: 'write leader' });
    expect(await stale.count()).toBe(1);
    expect(await page.locator('.band.pause').count()).toBe(1);
    expect(await page.locator('.note').count()).toBeGreaterThan(0);

    await page.click('button.to-violation');
    await page.screenshot({ path: resolve(OUT, 'split-brain-naive.png'), fullPage: true });

    // On a narrow screen the diagram keeps its text size and scrolls sideways instead.
    const laneNamePx = () =>
      page
        .locator('svg.diagram .lane-name')
        .first()
        .evaluate((e) => e.getBoundingClientRect().height);
    const wide = await laneNamePx();
    await page.setViewportSize({ width: 800, height: 900 });
    expect(await laneNamePx()).toBeGreaterThanOrEqual(wide * 0.95);
    expect(await page.locator('.figure').evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
    // ?present enlarges the text, for a projector.
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${pathToFileURL(file).href}?present`);
    expect(await laneNamePx()).toBeGreaterThan(wide * 1.2);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('draws a dense run (pg-timeout-cascade naive) legibly: plots on uPlot with fault windows shaded', async () => {
    const file = resolve(OUT, 'pg-timeout-cascade-naive.html');
    const r = await inProcess(['run', 'scenarios/pg-timeout-cascade.yaml', '--variant', 'naive', '--seed', '1', '--format', 'html', '--out', file]);
    expect(r.code).toBe(1);
    const page = await open(file);
    const { stats } = JSON.parse(
      (await inProcess(['run', 'scenarios/pg-timeout-cascade.yaml', '--variant', 'naive', '--seed', '1', '--format', 'json'])).stdout,
    ) as {
      stats: { requests: number; messages: { sent: number } };
    };
    const sent = stats.messages.sent;
    const diagram = page.locator('svg.diagram');
    const total = async (selector: string) =>
      (await page.locator(selector).evaluateAll((es) => es.map((e) => Number(e.getAttribute('data-count'))))).reduce((a, b) => a + b, 0);

    // The whole run is too dense for arrows: aggregated flows, whose counts add up to every message sent.
    expect(await diagram.getAttribute('data-mode')).toBe('flows');
    expect(await page.locator('svg.diagram .msg').count()).toBe(0);
    expect(await page.locator('svg.diagram .flow').count()).toBeGreaterThan(20);
    expect(await total('svg.diagram .flow')).toBe(sent);
    expect(await diagram.getAttribute('data-in-range')).toBe(String(sent));
    // Clients' operations as density strips of exact counts, every one of them (blamed ones still bars).
    expect(await page.locator('svg.diagram .op-strip').count()).toBeGreaterThan(20);
    expect(await total('svg.diagram .op-strip')).toBe(stats.requests);

    // Zoomed in, the same place is arrows: each message, and no more than a legible number.
    await page.fill('input.from', '16.4');
    await page.fill('input.to', '16.55');
    await page.locator('input.to').dispatchEvent('change');
    expect(await diagram.getAttribute('data-mode')).toBe('arrows');
    const arrows = await page.locator('svg.diagram .msg').count();
    expect(arrows).toBeGreaterThan(10);
    expect(arrows).toBeLessThanOrEqual(Math.floor((1200 - 150) / 4));
    expect(String(arrows)).toBe(await diagram.getAttribute('data-in-range'));
    expect(await page.locator('svg.diagram .flow').count()).toBe(0);

    // "Go to the violation": the operations and effects the first violation names, each drawn.
    const view = JSON.parse((await page.locator('script#data-run').textContent())!) as {
      violations: { at: number | null; ops: number[]; effects: number[] }[];
    };
    const first = view.violations.filter((v) => v.at !== null).sort((a, b) => a.at! - b.at!)[0]!;
    expect(first.ops.length + first.effects.length).toBeGreaterThan(0);
    await page.click('button.to-violation');
    const [t0, t1] = [Number(await diagram.getAttribute('data-t0')), Number(await diagram.getAttribute('data-t1'))];
    expect(t0).toBeLessThanOrEqual(first.at!);
    expect(t1).toBeGreaterThanOrEqual(first.at!);
    for (const op of first.ops.slice(0, 12)) expect(await page.locator(`svg.diagram .op.violating[data-op="${op}"]`).count()).toBe(1);
    for (const e of first.effects.slice(0, 12)) expect(await page.locator(`svg.diagram .effect.violating[data-effect="${e}"]`).count()).toBe(1);

    // No two violation labels overlap, in the whole run (where they are closest) nor here.
    const overlaps = async () =>
      page.locator('svg.diagram .violation-line text, svg.diagram .violation-label').evaluateAll((es) => {
        const boxes = es.map((e) => e.getBoundingClientRect());
        let n = 0;
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i]!;
            const b = boxes[j]!;
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) n++;
          }
        return [boxes.length, n];
      });
    expect((await overlaps())[1]).toBe(0);
    await page.click('button.fit');
    const [labels, overlapping] = await overlaps();
    expect(labels).toBeGreaterThanOrEqual(3);
    expect(overlapping).toBe(0);

    // Every plot is a uPlot chart with time ticks, the fault windows shaded and the violation marked
    // in a colour none of its series uses.
    const plots = page.locator('figure.plot');
    const n = await plots.count();
    expect(n).toBeGreaterThanOrEqual(8);
    expect(await page.locator('figure.plot .uplot').count()).toBe(n);
    for (let i = 0; i < n; i++) {
      const plot = plots.nth(i);
      expect(await plot.locator('.fault-shade').count()).toBeGreaterThan(0);
      expect(Number(await plot.getAttribute('data-x-ticks'))).toBeGreaterThanOrEqual(4);
    }
    expect(await page.locator('figcaption', { hasText: 'Throughput per operation' }).count()).toBe(1);
    const colours = (await page.evaluate(`(() => {
      const c = (e, p) => getComputedStyle(e)[p];
      return {
        violation: c(document.querySelector('.plot-violation'), 'borderLeftColor'),
        series: Array.from(document.querySelectorAll('.u-series .u-marker')).map((m) => c(m, 'borderColor')),
      };
    })()`)) as { violation: string; series: string[] };
    expect(colours.series.length).toBeGreaterThan(n);
    expect(colours.series).not.toContain(colours.violation);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('renders a compare page with links into each variant and every plot, and JUnit that a browser parses', async () => {
    const file = resolve(OUT, 'duplicate-payment-compare.html');
    const r = await inProcess(['compare', 'scenarios/duplicate-payment.yaml', '--seeds', '1..3', '--format', 'html', '--out', file]);
    expect(r.code).toBe(0);
    const matrix = JSON.parse((await inProcess(['compare', 'scenarios/duplicate-payment.yaml', '--seeds', '1..2', '--format', 'json'])).stdout) as {
      scenarios: { variants: { cells: unknown[] }[] }[];
    };
    const page = await open(file);
    expect(await page.locator('section.run-section').count()).toBe(matrix.scenarios[0]!.variants.length);
    const link = page.locator('table.matrix a').first();
    const target = (await link.getAttribute('href'))!;
    expect(await page.locator(`section${target}`).count()).toBe(1);
    expect(await page.locator(`${target} figure.plot`).count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator(`${target} .op`).count()).toBeGreaterThan(0);
    await page.screenshot({ path: resolve(OUT, 'duplicate-payment-compare.png') });

    // Strict XML well-formedness, by the browser's own parser.
    const junit = (await inProcess(['compare', 'scenarios/duplicate-payment.yaml', '--seeds', '1..2', '--format', 'junit'])).stdout;
    const cells = matrix.scenarios.flatMap((s) => s.variants.flatMap((v) => v.cells)).length;
    // (A string, because the test is compiled without the DOM's types.)
    const parsed = await page.evaluate(`(() => {
      const doc = new DOMParser().parseFromString(${JSON.stringify(junit)}, 'application/xml');
      const error = doc.querySelector('parsererror');
      return { error: error ? error.textContent : null, cases: doc.querySelectorAll('testsuites > testsuite > testcase').length };
    })()`);
    expect(parsed).toEqual({ error: null, cases: cells });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
