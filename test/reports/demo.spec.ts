import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../reports/beliefs.js';
import { demoBeats, wrapLines } from '../../reports/demo.js';
import { at } from '../../reports/format.js';
import { makeStyle } from '../../reports/style.js';
import { parseScenario, runScenario } from '../../sim/index.js';
import { ArrayTraceSink } from '../../sim/world/trace.js';

/** The classroom demo's script, as the class reads it. */
function demo(file: string, variant: string, seed?: number) {
  const parsed = parseScenario(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(`${file} does not load`);
  const sink = new ArrayTraceSink();
  const run = runScenario(parsed.scenario, { variant, trace: sink, ...(seed === undefined ? {} : { seed }) });
  return { run, beats: demoBeats(run, sink.events, 'faultline run x') };
}

describe('classroom demo', () => {
  it('never quotes in a violation line an event it has not narrated yet', () => {
    // Seed 2: the first order charged twice is charged a third time, after the violation's moment.
    const { run, beats } = demo('scenarios/duplicate-payment.yaml', 'naive', 2);
    const first = run.checks.filter((c) => !c.ok && c.at !== undefined).sort((a, b) => a.at! - b.at!)[0]!;
    const i = beats.findIndex((b) => b.kind === 'violation');
    const told = beats[i]!.lines.join('\n');
    expect(told).toContain(first.detail);
    // Every effect the verdict names was narrated before the line that quotes it.
    const lastEffect = Math.max(...first.effects!.map((e) => run.effects[e]!.time));
    expect(lastEffect).toBeGreaterThan(first.at!);
    expect(beats.slice(0, i).some((b) => b.kind === 'event' && b.at === lastEffect && b.text!.includes('took effect'))).toBe(true);
    expect(beats[i]!.at).toBe(lastEffect);
    expect(told).toContain(`(told at ${at(lastEffect)}, once the events it names had all happened)`);
  });

  it('shows the truth rows of the panel only when the truth changed', () => {
    const { beats } = demo('scenarios/split-brain.yaml', 'naive');
    const panels = beats.filter((b) => b.kind === 'panel');
    const truths = panels.map((b) => {
      const from = b.lines.findIndex((l) => l.includes('│ truth'));
      return from < 0 ? '' : b.lines.slice(from).join('\n');
    });
    const shown = truths.filter((t) => t !== '');
    for (let i = 1; i < shown.length; i++) expect(shown[i]).not.toBe(shown[i - 1]);
    expect(shown.length).toBeLessThan(panels.length);
  });

  it('writes times and durations in human units', () => {
    expect(summarize({ holder: 'worker-1', leaseUs: 5_000_000, expiresAtUs: 1_500, rid: 3 })).toBe('holder worker-1, lease 5s, expiresAt 1.5ms, rid 3');
  });

  it("shows a nested object's fields in its place: a database row write names who wrote and with which token", () => {
    expect(summarize({ value: { holder: 'worker-1', token: 1, data: 'worker-1#6', list: [1] }, version: 21 })).toBe(
      'holder worker-1, token 1, data worker-1#6, version 21',
    );
  });

  it('wraps to the terminal width at spaces, under the text column, colour codes taking no width', () => {
    const style = makeStyle(1);
    const line = `  ${style.dim('t=13.002s  ')} worker-1 → storage: write leader with a rather long description of what it carries`;
    const out = wrapLines([line], 40);
    const plainOut = out.map((l) => l.replace(/\u001b\[[0-9;]*m/g, ''));
    expect(plainOut.every((l) => l.length <= 40)).toBe(true);
    expect(plainOut.join(' ').replace(/\s+/g, ' ')).toBe(line.replace(/\u001b\[[0-9;]*m/g, '').replace(/\s+/g, ' '));
    // No word is cut, and continuation lines start under the text, after the time column.
    for (const l of plainOut.slice(1)) expect(l).toMatch(/^ {14}\S/);
    expect(wrapLines([line], undefined)).toEqual([line]);
  });
});
