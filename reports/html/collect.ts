import type { Micros } from '../../sim/kernel/time.js';
import type { ExecutedTimeline } from '../../sim/world/timeline.js';
import type { TraceEvent, TraceSink } from '../../sim/world/trace.js';
import { describeFault, describeMessage } from '../narrate.js';

/**
 * Folds a run's trace, as it streams, into what the message diagram draws: lanes, messages
 * (send → arrival, loss, duplicate copy), clock steps, notes. Node bands (pause, crash) and fault
 * bars come from the executed timeline the world returns, the one record checks read too.
 * Bounded however long the run: past `maxMessages` it keeps every 2nd message, then every 4th...
 * (deterministic, and it says so), and counts sends per time bucket for the overview, and every
 * message per pair of lanes and bucket (sent, lost, duplicated) for the aggregated flows.
 */

/** [sendAt, fromLane, toLane, arriveAt or -1, status, label index, duplicate's arriveAt or -1]. */
export type MessageRow = [Micros, number, number, Micros, MessageStatus, number, Micros];
/** 0 delivered, 1 lost, 2 dropped by a partition, 3 receiver down, 4 still in flight at the end. */
export type MessageStatus = 0 | 1 | 2 | 3 | 4;
const STATUS: Record<'loss' | 'partition' | 'node-down', MessageStatus> = { loss: 1, partition: 2, 'node-down': 3 };

export interface Band {
  lane: number;
  kind: 'pause' | 'crash';
  from: Micros;
  /** -1: still on when the run ended. */
  to: Micros;
  label: string;
}

export interface FaultBar {
  from: Micros;
  to: Micros;
  kind: string;
  label: string;
}

export interface Diagram {
  lanes: string[];
  messages: MessageRow[];
  labels: string[];
  /** Sends in the whole run, and every how many were kept (1: all). */
  sendsTotal: number;
  stride: number;
  /** Sends and drops per bucket of `bucketUs`, over the whole run. */
  bucketUs: Micros;
  sent: number[];
  dropped: number[];
  bands: Band[];
  steps: { lane: number; at: Micros; byUs: Micros }[];
  faults: FaultBar[];
  notes: { lane: number; at: Micros; text: string }[];
  notesTotal: number;
  /** Windows in which every message sent is in `messages`, whatever the stride (around the violations). */
  focus: [Micros, Micros][];
  /** Every message, kept or not, counted per pair of lanes and per bucket: what the aggregated flows draw. */
  flows: Flows;
}

/**
 * Per bucket of `bucketUs` (by send time), for each pair of lanes that exchanged messages: how many
 * were sent, how many of those were lost or dropped, and how many were duplicated. Exact.
 */
export interface Flows {
  bucketUs: Micros;
  /** [fromLane, toLane, sent per bucket, lost per bucket, duplicated per bucket] */
  pairs: [number, number, number[], number[], number[]][];
}

export const MAX_MESSAGES = 20_000;
export const MAX_NOTES = 5_000;
const MAX_BUCKETS = 2_048;
export const MAX_FLOW_BUCKETS = 2_048;
export const MAX_FOCUS_MESSAGES = 10_000;

interface InFlight {
  at: Micros;
  pair: Flows['pairs'][number];
  copies: number;
  arrived: boolean;
}

export class DiagramCollector implements TraceSink {
  private readonly laneOf = new Map<string, number>();
  private readonly lanes: string[] = [];
  private messages: MessageRow[] = [];
  private byId = new Map<number, MessageRow>();
  private readonly labelOf = new Map<string, number>();
  private readonly labels: string[] = [];
  private sendsTotal = 0;
  private stride = 1;
  private bucketUs: Micros = 1_000;
  private sent: number[] = [];
  private dropped: number[] = [];
  private readonly steps: Diagram['steps'] = [];
  /** Each started fault's description, by plan index, from the fault it executed. */
  private readonly faultLabels = new Map<number, string>();
  private readonly notes: Diagram['notes'] = [];
  private notesTotal = 0;
  private flowBucketUs: Micros = 1_000;
  private readonly pairs = new Map<number, Flows['pairs'][number]>();
  /** Messages not yet delivered or dropped (with their copies): to count losses and duplicates by send bucket. */
  private readonly inFlight = new Map<number, InFlight>();

  /** Each kept row's send sequence number, to thin them by stride. */
  private seqs: number[] = [];
  private readonly focusRows: MessageRow[] = [];
  private focusComplete = true;

  /** `focus`: time windows (around the violations) in which every message is kept whatever the stride. */
  constructor(
    private readonly maxMessages = MAX_MESSAGES,
    private readonly maxNotes = MAX_NOTES,
    private readonly focus: readonly (readonly [Micros, Micros])[] = [],
  ) {}

  event(e: TraceEvent): void {
    switch (e.type) {
      case 'start':
        this.lane(e.node);
        return;
      case 'send':
        return this.send(e.at, e.from, e.to, e.id, e.msg);
      case 'deliver': {
        this.settle(e.id, false);
        const row = this.byId.get(e.id);
        if (row === undefined) return;
        if (e.duplicate) row[6] = e.at;
        else row[3] = e.at;
        if (row[4] === 4 && !e.duplicate) row[4] = 0;
        return;
      }
      case 'duplicate': {
        const f = this.inFlight.get(e.id);
        if (f !== undefined) {
          f.copies++;
          this.flowAdd(f.pair, 4, f.at);
        }
        return;
      }
      case 'drop': {
        this.settle(e.id, true);
        this.count('dropped', e.at);
        const row = this.byId.get(e.id);
        // A drop after a delivery is the duplicate copy's: the message itself arrived.
        if (row !== undefined && row[3] < 0) {
          row[4] = STATUS[e.reason];
          row[3] = e.at;
        }
        return;
      }
      case 'clock-step':
        this.steps.push({ lane: this.lane(e.node), at: e.at, byUs: e.byUs });
        return;
      case 'fault':
        if (e.phase === 'start') this.faultLabels.set(e.index, describeFault(e.fault));
        return;
      case 'note':
        this.notesTotal++;
        if (this.notes.length < this.maxNotes) this.notes.push({ lane: this.lane(e.node), at: e.at, text: e.text });
        return;
      default:
        return;
    }
  }

  /** The diagram, with bands and fault bars from `timeline` (the run's executed timeline). */
  diagram(timeline: ExecutedTimeline): Diagram {
    const bands: Band[] = [];
    for (const [node, intervals] of Object.entries(timeline.nodes))
      for (const iv of intervals) {
        if (iv.state === 'up') continue;
        const label = iv.state === 'paused' ? `paused (${iv.reason ?? 'paused'})` : 'crashed';
        bands.push({ lane: this.lane(node), kind: iv.state === 'paused' ? 'pause' : 'crash', from: iv.fromUs, to: iv.toUs ?? -1, label });
      }
    bands.sort((a, b) => a.from - b.from || a.lane - b.lane);
    const faults: FaultBar[] = [];
    for (const f of timeline.faults)
      if (f.startUs !== undefined) faults.push({ from: f.startUs, to: f.endUs ?? -1, kind: f.kind, label: this.faultLabels.get(f.index) ?? f.label ?? f.kind });
    return {
      lanes: this.lanes.slice(),
      messages: [...this.messages, ...this.focusRows].sort((x, y) => x[0] - y[0]).map((r) => [...r] as MessageRow),
      focus: this.focusComplete ? this.focus.map(([f, t]): [Micros, Micros] => [f, t]) : [],
      labels: this.labels.slice(),
      sendsTotal: this.sendsTotal,
      stride: this.stride,
      bucketUs: this.bucketUs,
      sent: this.sent.slice(),
      dropped: this.dropped.slice(),
      bands,
      steps: this.steps.slice(),
      faults,
      notes: this.notes.slice(),
      notesTotal: this.notesTotal,
      flows: { bucketUs: this.flowBucketUs, pairs: [...this.pairs.values()].map(([a, b, n, l, d]) => [a, b, n.slice(), l.slice(), d.slice()]) },
    };
  }

  /** A copy of message `id` arrived or was dropped; the first drop before any arrival is the message lost. */
  private settle(id: number, dropped: boolean): void {
    const f = this.inFlight.get(id);
    if (f === undefined) return;
    if (dropped && !f.arrived) this.flowAdd(f.pair, 3, f.at);
    f.arrived = true;
    if (--f.copies <= 0) this.inFlight.delete(id);
  }

  private flowAdd(pair: Flows['pairs'][number], which: 2 | 3 | 4, at: Micros): void {
    while (Math.floor(at / this.flowBucketUs) >= MAX_FLOW_BUCKETS) {
      for (const p of this.pairs.values()) for (const k of [2, 3, 4] as const) p[k] = halve(p[k]);
      this.flowBucketUs *= 2;
    }
    const into = pair[which];
    const i = Math.floor(at / this.flowBucketUs);
    while (into.length <= i) into.push(0);
    into[i]! += 1;
  }

  private send(at: Micros, from: string, to: string, id: number, msg: unknown): void {
    const seq = this.sendsTotal++;
    this.count('sent', at);
    const a = this.lane(from);
    const b = this.lane(to);
    const key = a * 65_536 + b;
    let pair = this.pairs.get(key);
    if (pair === undefined) {
      pair = [a, b, [], [], []];
      this.pairs.set(key, pair);
    }
    this.flowAdd(pair, 2, at);
    this.inFlight.set(id, { at, pair, copies: 1, arrived: false });
    // Inside a focus window (around a violation) every message is kept, up to MAX_FOCUS_MESSAGES.
    if (this.focus.some(([f, t]) => at >= f && at <= t)) {
      if (this.focusRows.length < MAX_FOCUS_MESSAGES) {
        const row: MessageRow = [at, a, b, -1, 4, this.label(describeMessage(msg)), -1];
        this.focusRows.push(row);
        this.byId.set(id, row);
        return;
      }
      this.focusComplete = false;
    }
    if (seq % this.stride !== 0) return;
    if (this.messages.length >= this.maxMessages) {
      // Halve what is kept: every (2·stride)-th send.
      this.stride *= 2;
      const keep = this.seqs.map((q) => q % this.stride === 0);
      this.messages = this.messages.filter((_, i) => keep[i]);
      this.seqs = this.seqs.filter((_, i) => keep[i]);
      const kept = new Set([...this.messages, ...this.focusRows]);
      this.byId = new Map([...this.byId].filter(([, row]) => kept.has(row)));
      if (seq % this.stride !== 0) return;
    }
    const row: MessageRow = [at, a, b, -1, 4, this.label(describeMessage(msg)), -1];
    this.messages.push(row);
    this.seqs.push(seq);
    this.byId.set(id, row);
  }

  private lane(node: string): number {
    return intern(this.laneOf, this.lanes, node);
  }

  private label(text: string): number {
    return intern(this.labelOf, this.labels, text);
  }

  /** Counts into buckets that double in width whenever the run outgrows them, so memory stays bounded. */
  private count(which: 'sent' | 'dropped', at: Micros): void {
    while (Math.floor(at / this.bucketUs) >= MAX_BUCKETS) {
      this.sent = halve(this.sent);
      this.dropped = halve(this.dropped);
      this.bucketUs *= 2;
    }
    const into = this[which];
    const i = Math.floor(at / this.bucketUs);
    while (into.length <= i) into.push(0);
    into[i]! += 1;
  }
}

/** The index of `s` in `list`, appending it the first time: lanes and labels are sent as indices. */
function intern(index: Map<string, number>, list: string[], s: string): number {
  let i = index.get(s);
  if (i === undefined) {
    i = list.push(s) - 1;
    index.set(s, i);
  }
  return i;
}

function halve(xs: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i += 2) out.push(xs[i]! + (xs[i + 1] ?? 0));
  return out;
}
