import { RandomStreams, randomInt, shuffled, type RandomStream } from '../kernel/random.js';
import type { Micros } from '../kernel/time.js';
import { workloadUntil } from '../models/workload-schema.js';
import type { Scenario } from '../scenario/schema.js';
import type { Fault } from '../world/faults.js';
import type { Swarm, SwarmKind } from '../scenario/swarm-schema.js';

/**
 * One seed's fault plan, drawn from the scenario's `swarm` section. The stream is Alea seeded
 * with `${seed}/swarm`: separate from every stream of the run itself (those are `${seed}/net:…`,
 * `${seed}/node:…`), so drawing a plan shifts no draw of the run. Pure: same scenario and seed,
 * same plan, as plain data a scenario file could hold.
 */
export function drawFaultPlan(scenario: Scenario, seed: number): Fault[] {
  const swarm = scenario.swarm;
  if (swarm === undefined) return [];
  // Its own stream, named so it never shifts a run's draws (the same seed string as always).
  const r: RandomStream = new RandomStreams(seed).stream('swarm');
  const nodes = swarm.nodes ?? scenario.nodes.map((n) => n.id);
  const latest = Math.max(swarm.from, Math.min(swarm.within ?? workloadUntil(scenario.workload) ?? scenario.duration, scenario.duration));
  const count = randomInt(r, swarm.faults.min, swarm.faults.max);
  const plan: Fault[] = [];
  for (let i = 0; i < count; i++) {
    const kind = pick(r, swarm.kinds);
    const at = wholeMs(randomInt(r, swarm.from, latest));
    plan.push(drawFault(r, swarm, kind, at, nodes));
  }
  // Stable: faults drawn for the same instant keep their draw order.
  return plan
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.at - b.f.at || a.i - b.i)
    .map((x) => x.f);
}

function drawFault(r: RandomStream, s: Swarm, kind: SwarmKind, at: Micros, nodes: readonly string[]): Fault {
  const duration = wholeMs(randomInt(r, s.minDuration, s.maxDuration));
  const node = pick(r, nodes);
  switch (kind) {
    case 'pause':
      return { kind, at, duration, node, reason: 'GC' };
    case 'crash':
      return { kind, at, duration, node };
    case 'isolate':
      return { kind, at, duration, node, direction: pick(r, ['both', 'in', 'out'] as const) };
    case 'partition-halves':
      return nodes.length >= 2 ? { kind, at, duration, nodes: shuffled(r, nodes) } : { kind, at, duration };
    case 'clog':
      return { kind, at, duration, ...drawLinks(r, node) };
    case 'loss':
    case 'duplicate': {
      const range = kind === 'loss' ? s.loss : s.duplicate;
      const rate = Math.round((range.min + r.next() * (range.max - range.min)) * 1000) / 1000;
      return { kind, at, duration, rate, ...drawLinks(r, node) };
    }
    case 'latency': {
      const max = wholeMs(randomInt(r, s.latency.min, s.latency.max));
      return { kind, at, duration, latency: { dist: 'uniform', min: wholeMs(max / 2), max }, ...drawLinks(r, node) };
    }
    case 'clock-step':
      return { kind, at, node, by: wholeMs(randomInt(r, s.clockStep.min, s.clockStep.max)) };
  }
}

/** A third of network faults hit every link, a third the links from one node, a third those to it. */
function drawLinks(r: RandomStream, node: string): { from?: string[]; to?: string[] } {
  const which = randomInt(r, 0, 2);
  return which === 0 ? {} : which === 1 ? { from: [node] } : { to: [node] };
}

function pick<T>(r: RandomStream, xs: readonly T[]): T {
  return xs[randomInt(r, 0, xs.length - 1)]!;
}

/** Plans read better (and shrink to rounder values) in whole milliseconds. */
const wholeMs = (us: number): Micros => Math.round(us / 1000) * 1000;

/**
 * The scenario one seed of a sweep runs: with `swarm`, its drawn plan replaces or extends the
 * faults, and so too the faults a variant gives of its own (one plan per seed, the same for every
 * variant: it is drawn from the scenario's nodes and workload).
 */
export function scenarioForSeed(scenario: Scenario, seed: number, swarm: boolean): Scenario {
  if (!swarm || scenario.swarm === undefined) return scenario;
  const plan = drawFaultPlan(scenario, seed);
  const extend = scenario.swarm.mode === 'extend';
  const seeded = withFaults(scenario, extend ? [...scenario.faults, ...plan] : plan);
  if (!Object.values(scenario.variants).some((v) => v.faults !== undefined)) return seeded;
  const variants: Scenario['variants'] = {};
  for (const [name, v] of Object.entries(scenario.variants)) {
    if (v.faults === undefined) variants[name] = v;
    else {
      const { faults, ...rest } = v;
      variants[name] = extend ? { ...rest, faults: [...faults, ...plan] } : rest;
    }
  }
  return { ...seeded, variants };
}

export function withFaults(scenario: Scenario, faults: Fault[]): Scenario {
  return { ...scenario, faults };
}
