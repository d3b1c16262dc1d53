import { checkSchema, runCheck, type CheckVerdict } from '../../sim/checks/index.js';
import { seconds } from '../../sim/kernel/time.js';
import { faultNodeRefs, faultSchema, type Fault } from '../../sim/world/faults.js';
import { History } from '../../sim/world/history.js';
import type { ExecutedTimeline } from '../../sim/world/timeline.js';
import { type NodeFinalState, World } from '../../sim/world/world.js';
import type { z } from 'zod';

/** Seconds to microseconds, so tests read like timelines. */
export const s = seconds;

/**
 * Builds a run by hand: ops on a timeline (times in seconds), effects, faults and final node
 * state, then runs a check parsed from its YAML-like input, the way a scenario file gives it.
 * The faults are played by a real World of idle nodes, so the check reads the timeline the world
 * executed, exactly as in a scenario run.
 */
export class Run {
  readonly h = new History();
  readonly faults: Fault[] = [];
  readonly nodes: Record<string, NodeFinalState> = {};
  endUs = s(100);

  invoke(t: number, f: string, key?: string, value?: unknown, process = 'client-1'): number {
    return this.h.invoke(s(t), process, f, key, value).op;
  }
  ok(t: number, op: number, value?: unknown): this {
    this.h.complete(s(t), op, 'ok', value);
    return this;
  }
  fail(t: number, op: number): this {
    this.h.complete(s(t), op, 'fail');
    return this;
  }
  info(t: number, op: number): this {
    this.h.complete(s(t), op, 'info');
    return this;
  }
  /** A whole op: invoke at `from`, complete at `to` (undefined: never completes). */
  op(from: number, to: number | undefined, type: 'ok' | 'fail' | 'info', f: string, key?: string, arg?: unknown, result?: unknown): number {
    const op = this.invoke(from, f, key, arg);
    if (to !== undefined) this.h.complete(s(to), op, type, result);
    return op;
  }
  /** Records an effect and returns its index. */
  effect(t: number, node: string, kind: string, key: string, value?: unknown): number {
    this.h.effect(value === undefined ? { time: s(t), node, kind, key } : { time: s(t), node, kind, key, value });
    return this.h.effects.length - 1;
  }
  fault(input: z.input<typeof faultSchema>): this {
    this.faults.push(faultSchema.parse(input));
    return this;
  }
  node(id: string, disk: Record<string, unknown> = {}, up = true, belief?: Record<string, unknown>): this {
    this.nodes[id] = { up, disk, belief };
    return this;
  }
  check(config: z.input<typeof checkSchema>): CheckVerdict {
    // A run's history is in the order things happened; ops built whole here are appended out of
    // order, so put them back in time order (stable: same-time entries keep the order written).
    const history = [...this.h.entries].sort((a, b) => a.time - b.time);
    return runCheck(checkSchema.parse(config), {
      history,
      effects: this.h.effects,
      nodes: this.nodes,
      timeline: this.timeline(),
      endUs: this.endUs,
    });
  }
  /** The faults as the world executes them, on idle nodes: those named here and by the faults (a, b, c by default). */
  timeline(): ExecutedTimeline {
    const ids = new Set([...Object.keys(this.nodes), ...this.faults.flatMap((f) => faultNodeRefs(f).map((r) => r.node))]);
    if (ids.size === 0) for (const id of ['a', 'b', 'c']) ids.add(id);
    const world = new World({ seed: 1, nodes: [...ids].map((id) => ({ id, model: () => ({}) })), faults: this.faults });
    return world.run({ untilUs: this.endUs }).timeline;
  }
}
