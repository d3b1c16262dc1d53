import { TraceDigest } from '../kernel/digest.js';
import type { Micros } from '../kernel/time.js';
import type { FaultOccurrence } from './fault-interpreter.js';
import type { Effect, HistoryEntry } from './history.js';
import type { NodeId } from './ids.js';
import type { FaultEndCause, TimelineRecorder } from './timeline.js';
import { type DropReason, TRACE_CODE, type TraceSink } from './trace.js';

/**
 * Every traced event goes through one call here, which marks the digest, feeds the sink (when
 * there is one) and, for faults and node states, the executed timeline. Nothing else in the world
 * touches the digest, so what it covers is in this file.
 *
 * The digest mixes integers only (event code, time, node indices, message and timer ids) plus
 * the strings of ops, effects and notes: a few multiplies an event. With `deep`, a second digest
 * also covers message and timer payloads, so a nondeterministic payload that does not change
 * timing is caught (`--check-determinism`); it costs a JSON.stringify a message, so it is off
 * on the hot path.
 */
export class Tracer {
  private readonly digest = new TraceDigest();
  private readonly payloads: TraceDigest | undefined;

  constructor(
    private readonly clock: { readonly now: Micros },
    private readonly ids: readonly NodeId[],
    readonly timeline: TimelineRecorder,
    private readonly sink: TraceSink | undefined,
    deep: boolean,
  ) {
    this.payloads = deep ? new TraceDigest() : undefined;
  }

  get traceDigest(): string {
    return this.digest.hex();
  }

  /** The trace digest combined with the digest of every payload; undefined unless `deep`. */
  get deepDigest(): string | undefined {
    if (this.payloads === undefined) return undefined;
    const d = new TraceDigest();
    d.addString(this.digest.hex());
    d.addString(this.payloads.hex());
    return d.hex();
  }

  private mark(code: number, a: number, b: number, c: number): void {
    // `a` is always a node or fault index, so it shares a word with the code (< 64); `b` and `c`
    // may be large (a message id, a pause in µs) and go in whole.
    this.digest.addEvent(this.clock.now, code | (a << 6), b, c);
  }

  // ---- messages --------------------------------------------------------------------------

  send(from: number, to: number, id: number, msg: unknown): void {
    this.mark(TRACE_CODE.send, from, to, id);
    if (this.payloads !== undefined) this.payloads.addString(fingerprint(msg));
    if (this.sink) this.sink.event({ type: 'send', at: this.clock.now, from: this.ids[from]!, to: this.ids[to]!, id, msg });
  }

  deliver(from: number, to: number, id: number, msg: unknown, duplicate: boolean): void {
    this.mark(TRACE_CODE.deliver, from, to, id);
    if (this.sink) this.sink.event({ type: 'deliver', at: this.clock.now, from: this.ids[from]!, to: this.ids[to]!, id, msg, duplicate });
  }

  drop(from: number, to: number, id: number, reason: DropReason): void {
    this.mark(TRACE_CODE.drop, from, to, id);
    if (this.sink) this.sink.event({ type: 'drop', at: this.clock.now, from: this.ids[from]!, to: this.ids[to]!, id, reason });
  }

  duplicate(from: number, to: number, id: number): void {
    this.mark(TRACE_CODE.duplicate, from, to, id);
    if (this.sink) this.sink.event({ type: 'duplicate', at: this.clock.now, from: this.ids[from]!, to: this.ids[to]!, id });
  }

  hold(from: number, to: number, id: number): void {
    this.mark(TRACE_CODE.hold, from, to, id);
    if (this.sink) this.sink.event({ type: 'hold', at: this.clock.now, from: this.ids[from]!, to: this.ids[to]!, id });
  }

  // ---- nodes -----------------------------------------------------------------------------

  timer(node: number, timer: number, payload: unknown): void {
    this.mark(TRACE_CODE.timer, node, timer, 0);
    if (this.payloads !== undefined && payload !== undefined) this.payloads.addString(fingerprint(payload));
    if (this.sink) this.sink.event({ type: 'timer', at: this.clock.now, node: this.ids[node]!, timer });
  }

  start(node: number): void {
    this.mark(TRACE_CODE.start, node, 0, 0);
    if (this.sink) this.sink.event({ type: 'start', at: this.clock.now, node: this.ids[node]! });
  }

  pause(node: number, reason: string, fault: number): void {
    this.mark(TRACE_CODE.pause, node, 0, 0);
    this.timeline.nodeState(node, 'paused', this.clock.now, fault, reason);
    if (this.sink) this.sink.event({ type: 'pause', at: this.clock.now, node: this.ids[node]!, reason });
  }

  resume(node: number, pausedUs: Micros): void {
    this.mark(TRACE_CODE.resume, node, pausedUs, 0);
    this.timeline.nodeState(node, 'up', this.clock.now);
    if (this.sink) this.sink.event({ type: 'resume', at: this.clock.now, node: this.ids[node]!, pausedUs });
  }

  crash(node: number, lostWrites: number, fault: number): void {
    this.mark(TRACE_CODE.crash, node, lostWrites, 0);
    this.timeline.nodeState(node, 'crashed', this.clock.now, fault);
    if (this.sink) this.sink.event({ type: 'crash', at: this.clock.now, node: this.ids[node]!, lostWrites });
  }

  restart(node: number): void {
    this.mark(TRACE_CODE.restart, node, 0, 0);
    this.timeline.nodeState(node, 'up', this.clock.now);
    if (this.sink) this.sink.event({ type: 'restart', at: this.clock.now, node: this.ids[node]! });
  }

  clockStep(node: number, byUs: Micros): void {
    this.mark(TRACE_CODE['clock-step'], node, byUs, 0);
    if (this.sink) this.sink.event({ type: 'clock-step', at: this.clock.now, node: this.ids[node]!, byUs });
  }

  // ---- faults ----------------------------------------------------------------------------

  /** `index`: the occurrence's (the plan index when nothing repeats). */
  faultStart(index: number, o: FaultOccurrence): void {
    this.mark(TRACE_CODE.fault, index, 0, 0);
    const k = o.fault.kind;
    this.timeline.faultStarted(index, this.clock.now, k === 'heal' || k === 'clock-step' || k === 'deploy');
    if (this.sink)
      this.sink.event({ type: 'fault', at: this.clock.now, phase: 'start', index: o.plan, fault: o.fault, ...(o.n === undefined ? {} : { occurrence: o.n }) });
  }

  faultEnd(index: number, o: FaultOccurrence, cause: FaultEndCause): void {
    this.mark(TRACE_CODE.fault, index, 1, 0);
    this.timeline.faultEnded(index, this.clock.now, cause);
    if (this.sink)
      this.sink.event({ type: 'fault', at: this.clock.now, phase: 'end', index: o.plan, fault: o.fault, ...(o.n === undefined ? {} : { occurrence: o.n }) });
  }

  /** `cause`: a fault occurrence (≥ 0), or a controller node as -(index + 1). */
  deploy(node: number, version: string, cause: number): void {
    this.mark(TRACE_CODE.deploy, node, cause, 0);
    this.digest.addString(version);
    this.timeline.deployed(node, version, this.clock.now, cause);
    if (this.sink) this.sink.event({ type: 'deploy', at: this.clock.now, node: this.ids[node]!, version });
  }

  // ---- what models record ----------------------------------------------------------------

  op(node: number, e: HistoryEntry): void {
    const d = this.digest;
    this.mark(TRACE_CODE.op, node, e.op, OP_TYPE_CODE[e.type]);
    d.addString(e.f);
    if (e.key !== undefined) d.addString(e.key);
    if (e.value !== undefined) d.addString(fingerprint(e.value));
    if (this.sink) this.sink.event({ type: 'op', at: this.clock.now, entry: e });
  }

  /** `count`: effects recorded so far, this one included. */
  effect(node: number, eff: Effect, count: number): void {
    const d = this.digest;
    this.mark(TRACE_CODE.effect, node, count, 0);
    d.addString(eff.kind);
    d.addString(eff.key);
    if (eff.value !== undefined) d.addString(fingerprint(eff.value));
    if (this.sink) this.sink.event({ type: 'effect', at: this.clock.now, effect: eff });
  }

  note(node: number, text: string): void {
    this.mark(TRACE_CODE.note, node, text.length, 0);
    this.digest.addString(text);
    if (this.sink) this.sink.event({ type: 'note', at: this.clock.now, node: this.ids[node]!, text });
  }
}

const OP_TYPE_CODE: Record<HistoryEntry['type'], number> = { invoke: 1, ok: 2, fail: 3, info: 4 };

/** Values in the digest: JSON, which is deterministic for values built the same way. */
function fingerprint(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
