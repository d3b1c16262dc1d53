import { ArrayTraceSink, faultSchema, networkSchema, World, type Fault, type Model, type NodeSpec, type TraceEvent } from '../../sim/index.js';
import type { z } from 'zod';

/** Small helpers for world tests: parse network and fault input the way a scenario file does. */
export const net = (input: z.input<typeof networkSchema>) => networkSchema.parse(input);
export const faults = (input: z.input<typeof faultSchema>[]): Fault[] => input.map((f) => faultSchema.parse(f));

/** A network where every message takes exactly `latency`. */
export const constantNet = (latency = '5ms') => net({ default: { latency: { dist: 'constant', value: latency } } });

export function runWorld(opts: { nodes: NodeSpec[]; seed?: number; network?: ReturnType<typeof net>; faults?: Fault[]; untilUs?: number }) {
  const sink = new ArrayTraceSink();
  const world = new World({
    seed: opts.seed ?? 1,
    nodes: opts.nodes,
    network: opts.network ?? constantNet(),
    faults: opts.faults ?? [],
    trace: sink,
  });
  const result = world.run(opts.untilUs === undefined ? {} : { untilUs: opts.untilUs });
  return { world, result, trace: sink.events };
}

export const idle: Model = () => ({});

/** Records every message it receives as [true time is not visible to models, so: local monotonic, from, msg]. */
export function recorder(log: { at: number; from: string; msg: unknown }[]): Model {
  return (ctx) => ({ onMessage: (from, msg) => log.push({ at: ctx.monotonic(), from, msg }) });
}

export const ofType = <T extends TraceEvent['type']>(trace: TraceEvent[], type: T) =>
  trace.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);
