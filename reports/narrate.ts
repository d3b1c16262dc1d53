import { formatMicros } from '../sim/kernel/time.js';
import type { Fault } from '../sim/world/faults.js';
import type { HistoryEntry } from '../sim/world/history.js';
import type { TraceEvent } from '../sim/world/trace.js';

/**
 * Trace events as plain sentences: `client-1 → api: charge order-7 (lost)`, `node-b paused (GC)`.
 * A drop or duplicate names only the message id, and a reply only its request's `rid`, so the
 * narrator remembers what each message said and which key each request was about: feed it the
 * trace in order, from the start.
 */
export class Narrator {
  private readonly sent = new Map<number, string>();
  private readonly invokes = new Map<number, HistoryEntry>();
  /** Key of each message id, and of each request by `from>to#rid`, so replies name their key. */
  private readonly messageKeys = new Map<number, string>();
  private readonly requestKeys = new Map<string, string>();

  /** The sentence for `e` (without its time), or undefined for bookkeeping events nobody needs to read. */
  narrate(e: TraceEvent): string | undefined {
    switch (e.type) {
      case 'start':
        return `${e.node} started`;
      case 'send': {
        const what = this.describe(e.from, e.to, e.msg);
        this.sent.set(e.id, what);
        const key = this.keyOf(e.from, e.to, e.msg);
        if (key !== undefined) this.messageKeys.set(e.id, key);
        return `${e.from} → ${e.to}: ${what}`;
      }
      case 'deliver':
        return `${e.to} ← ${e.from}: ${this.describe(e.from, e.to, e.msg)}${e.duplicate ? ' (a duplicate copy)' : ''}`;
      case 'drop':
        return `${e.from} → ${e.to}: ${this.message(e.id)} (${DROPPED[e.reason]})`;
      case 'duplicate':
        return `${e.from} → ${e.to}: ${this.message(e.id)} (duplicated by the network)`;
      case 'hold':
        return `${e.from} → ${e.to}: ${this.message(e.id)} (held on a clogged link)`;
      case 'timer':
        return undefined;
      case 'pause':
        return `${e.node} paused (${e.reason})`;
      case 'resume':
        return `${e.node} resumed after ${formatMicros(e.pausedUs)} frozen`;
      case 'crash':
        return `${e.node} crashed${e.lostWrites > 0 ? ` (${e.lostWrites} unsynced write${e.lostWrites === 1 ? '' : 's'} lost)` : ''}`;
      case 'restart':
        return `${e.node} restarted`;
      case 'clock-step':
        return `${e.node}'s wall clock jumped ${e.byUs < 0 ? 'back' : 'forward'} ${formatMicros(Math.abs(e.byUs))}`;
      case 'fault':
        return `${e.phase === 'start' ? 'fault begins' : 'fault ends'}: ${describeFault(e.fault)}`;
      case 'op':
        return this.op(e.entry);
      case 'effect':
        return `${e.effect.node}: ${e.effect.kind} ${e.effect.key} took effect`;
      case 'note':
        return `${e.node}: ${e.text}`;
      case 'deploy':
        return `${e.node} restarts running version ${e.version}`;
    }
  }

  /** The object (order, register, seat) an event is about, when it is about one. */
  subject(e: TraceEvent): string | undefined {
    switch (e.type) {
      case 'send':
      case 'deliver':
        return this.keyOf(e.from, e.to, e.msg);
      case 'drop':
      case 'duplicate':
      case 'hold':
        return this.messageKeys.get(e.id);
      case 'op':
        return e.entry.key;
      case 'effect':
        return e.effect.key;
      default:
        return undefined;
    }
  }

  private message(id: number): string {
    return this.sent.get(id) ?? `message #${id}`;
  }

  private describe(from: string, to: string, msg: unknown): string {
    const what = describeMessage(msg);
    const key = isReply(msg) ? this.keyOf(from, to, msg) : undefined;
    return key === undefined ? what : `${what} (${key})`;
  }

  private keyOf(from: string, to: string, msg: unknown): string | undefined {
    if (msg === null || typeof msg !== 'object') return undefined;
    const m = msg as { key?: unknown; rid?: unknown };
    if (typeof m.key === 'string') {
      if (m.rid !== undefined) this.requestKeys.set(`${from}>${to}#${String(m.rid)}`, m.key);
      return m.key;
    }
    return isReply(msg) ? this.requestKeys.get(`${to}>${from}#${String(m.rid)}`) : undefined;
  }

  private op(h: HistoryEntry): string {
    const what = `${h.f}${h.key === undefined ? '' : ` ${h.key}`}`;
    if (h.type === 'invoke') {
      this.invokes.set(h.op, h);
      return `${h.process} invokes ${what} (op ${h.op})`;
    }
    const inv = this.invokes.get(h.op);
    this.invokes.delete(h.op);
    const after = inv === undefined ? '' : ` after ${formatMicros(h.time - inv.time)}`;
    const note = h.note === undefined ? '' : `: ${h.note}`;
    if (h.type === 'ok') return `${h.process}: ${what} ok${after}${note}`;
    if (h.type === 'fail') return `${h.process}: ${what} failed${after}${note}`;
    return `${h.process}: ${what} outcome unknown${after}${note}`;
  }
}

const isReply = (msg: unknown): boolean => (msg as { t?: unknown } | null)?.t === 'res';

const DROPPED = { loss: 'lost', partition: 'dropped by a partition', 'node-down': 'dropped: the receiver is down' } as const;

/** The few message shapes models use, in words; anything else as short JSON. */
export function describeMessage(msg: unknown): string {
  if (msg !== null && typeof msg === 'object') {
    const m = msg as Record<string, unknown>;
    if (m.t === 'req' && typeof m.f === 'string') return `${m.f}${typeof m.key === 'string' ? ` ${m.key}` : ''}`;
    if (m.t === 'res') return m.ok === true ? 'reply ok' : `reply error${typeof m.error === 'string' ? `: ${m.error}` : ''}`;
    const tag = [m.type, m.t, m.kind].find((v) => typeof v === 'string');
    if (typeof tag === 'string') return `${tag}${typeof m.key === 'string' ? ` ${m.key}` : ''}`;
  }
  const json = JSON.stringify(msg) ?? String(msg);
  return json.length > 48 ? `${json.slice(0, 45)}...` : json;
}

export function describeFault(f: Fault): string {
  if (f.label !== undefined) return f.label;
  switch (f.kind) {
    case 'partition':
      return `partition ${f.groups.map((g) => `[${g.join(', ')}]`).join(' | ')}`;
    case 'partition-one-way':
      return `one-way partition ${f.from.join(', ')} ↛ ${f.to.join(', ')}`;
    case 'isolate':
      return `${f.node} isolated (${f.direction})`;
    case 'pause':
      return `${f.node} paused for ${formatMicros(f.duration)} (${f.reason})`;
    case 'crash':
      return `${f.node} crashes`;
    case 'clock-step':
      return `${f.node}'s wall clock steps by ${formatMicros(f.by)}`;
    case 'loss':
    case 'duplicate':
      return `${f.kind} ${Math.round(f.rate * 1000) / 10}%${links(f)}`;
    case 'slowdown':
      return `${f.node} slows down${f.factor > 1 ? ` ×${f.factor}` : ''}${f.extra > 0 ? ` +${formatMicros(f.extra)}` : ''}`;
    case 'capacity':
      return `${f.node} keeps ${Math.round(f.fraction * 1000) / 10}% of its workers`;
    case 'errors':
      return `${f.node} answers ${Math.round(f.rate * 1000) / 10}% of requests with '${f.error}'`;
    case 'deploy':
      return `version ${f.version} deployed to ${f.nodes.join(', ')}`;
    default:
      return `${f.kind}${'from' in f || 'to' in f ? links(f as { from?: string[]; to?: string[] }) : ''}`;
  }
}

function links(f: { from?: string[] | undefined; to?: string[] | undefined }): string {
  if (f.from === undefined && f.to === undefined) return ' on every link';
  return ` from ${f.from?.join(', ') ?? 'any node'} to ${f.to?.join(', ') ?? 'any node'}`;
}
