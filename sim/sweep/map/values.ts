/**
 * A map parameter's values, in the field's own units: a list (`500ms,1s,2s`, or a YAML list) or a
 * range with a number of steps (`1s..10s:5`, `100/s..800/s:8`, both ends included, evenly
 * spaced). Each value is written back into the scenario as text in the unit the range was
 * written in, so the scenario's own schema parses (and bounds) it exactly as if it were typed.
 */

export type QuantityKind = 'duration' | 'rate' | 'percent' | 'number' | 'text';

export interface Quantity {
  kind: QuantityKind;
  /** For sorting, bisecting and plotting: µs, events per second, percent, the number; NaN for text. */
  value: number;
  /** As it goes into the scenario (and into a `--param` replay line): `2500ms`, `150/s`, 3, `poisson`. */
  raw: string | number;
  /** The unit it is written in (`ms`, `/s`, `%`, '' for a number). */
  unit: string;
}

/** At most this many values an axis (a 50 × 50 map is 2500 points: already a long run). */
export const MAX_AXIS_VALUES = 50;

const DURATION_US: Record<string, number> = { us: 1, µs: 1, ms: 1_000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000 };
const RATE_PER: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

export const KIND_NAMES: Record<QuantityKind, string> = {
  duration: 'a duration',
  rate: 'a rate',
  percent: 'a percentage',
  number: 'a number',
  text: 'a text value',
};

/** One value as written (`1s`, `100/s`, `10%`, `3`, `poisson`). */
export function parseQuantity(v: string | number): Quantity {
  if (typeof v === 'number') return { kind: 'number', value: v, raw: v, unit: '' };
  const t = v.trim();
  let m = /^(-?\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)$/.exec(t);
  if (m) return { kind: 'duration', value: Math.round(Number(m[1]) * DURATION_US[m[2]!]!), raw: t, unit: m[2]! };
  m = /^(\d+(?:\.\d+)?)\s*\/\s*(ms|s|m|h)$/.exec(t);
  if (m) return { kind: 'rate', value: Number(m[1]) / RATE_PER[m[2]!]!, raw: t, unit: `/${m[2]}` };
  m = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
  if (m) return { kind: 'percent', value: Number(m[1]), raw: t, unit: '%' };
  if (/^-?\d+(?:\.\d+)?$/.test(t)) return { kind: 'number', value: Number(t), raw: Number(t), unit: '' };
  return { kind: 'text', value: Number.NaN, raw: t, unit: '' };
}

/** The kind of the value a scenario field holds now, as written in the file; undefined when it is absent or a structure. */
export function fieldKind(v: unknown): QuantityKind | undefined {
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return parseQuantity(v).kind;
  if (typeof v === 'boolean') return 'text';
  return undefined;
}

/** A value of `kind` and base value `value`, written in `unit` (a duration falls back to ms or us when the unit does not divide it). */
export function quantityOf(kind: QuantityKind, value: number, unit: string): Quantity {
  if (kind === 'duration') {
    const per = DURATION_US[unit] ?? 1;
    const u = value % per === 0 ? unit : value % 1000 === 0 ? 'ms' : 'us';
    return { kind, value, raw: `${trim(value / DURATION_US[u]!)}${u}`, unit };
  }
  if (kind === 'rate') return { kind, value, raw: `${trim(value * RATE_PER[unit.slice(1)]!)}${unit}`, unit };
  if (kind === 'percent') return { kind, value, raw: `${trim(value)}%`, unit };
  return { kind, value, raw: value, unit };
}

const trim = (x: number): string => String(Math.round(x * 1e6) / 1e6);

export type ValuesResult = { ok: true; values: Quantity[] } | { ok: false; message: string };

/** `A..B:STEPS` (a range) or `a,b,c` (a list); a YAML list is a list. */
export function parseValues(spec: string | readonly (string | number)[]): ValuesResult {
  if (typeof spec !== 'string') return listOf(spec.map(parseQuantity));
  const range = /^\s*([^,:]+?)\s*\.\.\s*([^,:]+?)\s*:\s*(\S+)\s*$/.exec(spec);
  if (range) return rangeOf(range[1]!, range[2]!, range[3]!, spec);
  if (/\.\./.test(spec)) return { ok: false, message: `'${spec}' is not a range: write A..B:STEPS, both ends included, like 1s..10s:5 or 100/s..800/s:8` };
  return listOf(spec.split(',').map((s) => parseQuantity(s)));
}

function listOf(values: Quantity[]): ValuesResult {
  if (values.length === 0) return { ok: false, message: 'expected at least one value' };
  if (values.length > MAX_AXIS_VALUES) return { ok: false, message: `expected at most ${MAX_AXIS_VALUES} values, found ${values.length}` };
  const empty = values.find((v) => v.raw === '');
  if (empty) return { ok: false, message: 'a value in the list is empty' };
  const kinds = [...new Set(values.map((v) => v.kind))];
  if (kinds.length > 1) return { ok: false, message: `the values mix ${kinds.map((k) => KIND_NAMES[k]).join(' and ')}: write every value in one kind of unit` };
  return { ok: true, values };
}

function rangeOf(a: string, b: string, stepsText: string, spec: string): ValuesResult {
  const from = parseQuantity(a);
  const to = parseQuantity(b);
  const steps = Number(stepsText);
  if (!/^\d+$/.test(stepsText) || steps < 2 || steps > MAX_AXIS_VALUES)
    return { ok: false, message: `'${spec}': the number of steps after ':' must be a whole number from 2 to ${MAX_AXIS_VALUES}, found '${stepsText}'` };
  if (from.kind === 'text' || to.kind === 'text')
    return { ok: false, message: `'${spec}': a range needs numbers or quantities with units at both ends, like 1s..10s:5` };
  if (from.kind !== to.kind)
    return { ok: false, message: `'${spec}': the range runs from ${KIND_NAMES[from.kind]} to ${KIND_NAMES[to.kind]}: write both ends in one kind of unit` };
  const quantum = rangeQuantum(from, to);
  const out: Quantity[] = [];
  for (let i = 0; i < steps; i++) {
    let v = from.value + ((to.value - from.value) * i) / (steps - 1);
    v = quantum > 0 ? Math.round(v / quantum) * quantum : Math.round(v * 1e6) / 1e6;
    if (out.some((q) => q.value === v)) continue; // a whole-number range with more steps than numbers
    out.push(quantityOf(from.kind, v, from.unit));
  }
  return { ok: true, values: out };
}

/** `--between A..B` for `--find`: two ends of one numeric kind. */
export function parseBetween(spec: string): { ok: true; from: Quantity; to: Quantity } | { ok: false; message: string } {
  const m = /^\s*([^,:]+?)\s*\.\.\s*([^,:]+?)\s*$/.exec(spec);
  if (!m) return { ok: false, message: `expected A..B, like 100ms..5s or 50/s..400/s, found '${spec}'` };
  const from = parseQuantity(m[1]!);
  const to = parseQuantity(m[2]!);
  if (from.kind === 'text' || to.kind === 'text') return { ok: false, message: `'${spec}': --find needs numbers or quantities with units at both ends` };
  if (from.kind !== to.kind)
    return { ok: false, message: `'${spec}': the range runs from ${KIND_NAMES[from.kind]} to ${KIND_NAMES[to.kind]}: write both ends in one kind of unit` };
  if (from.value === to.value) return { ok: false, message: `'${spec}': the two ends are equal` };
  return { ok: true, from, to };
}

/** What a range's points are rounded to, as its ends are written: whole ms between ms-or-coarser durations, whole numbers between whole numbers (0: no rounding). */
export function rangeQuantum(from: Quantity, to: Quantity): number {
  if (from.kind === 'duration') return from.value % 1000 === 0 && to.value % 1000 === 0 ? 1000 : 1;
  return from.kind === 'number' && Number.isInteger(from.value) && Number.isInteger(to.value) ? 1 : 0;
}
