import { type Kernel, KernelInvariantError } from '../kernel/kernel.js';
import type { DeliverEvent, WorldEvent } from './events.js';
import { sampleLatency } from './latency.js';
import { ModelError } from './model.js';
import type { NetworkState } from './network.js';
import { describe, type NodeRuntime } from './node-runtime.js';
import type { Tracer } from './tracer.js';
import type { DropReason } from './trace.js';

export interface NetworkStats {
  sent: number;
  delivered: number;
  lost: number;
  partitioned: number;
  toDownNode: number;
  duplicated: number;
  held: number;
}

/** At most this many spare deliver events are kept (a burst's worth; the rest go to the GC). */
const POOL_MAX = 4096;

/**
 * Messages between nodes: send (loss, clog, duplication, latency and reorder drawn from the
 * sender's network stream), delivery (dropped by a partition that started in flight or a down
 * receiver, queued behind a pause), and the link switches faults flip (block, clog and release).
 */
export class Transport {
  readonly stats: NetworkStats = { sent: 0, delivered: 0, lost: 0, partitioned: 0, toDownNode: 0, duplicated: 0, held: 0 };
  private nextMsgId = 0;
  /** Deliver events done with, for `transmit` to reuse. */
  private readonly pool: DeliverEvent[] = [];

  constructor(
    private readonly kernel: Kernel<WorldEvent>,
    private readonly nodes: readonly NodeRuntime[],
    readonly net: NetworkState,
    private readonly tracer: Tracer,
  ) {}

  send(from: number, to: number, msg: unknown): void {
    const id = ++this.nextMsgId;
    const stats = this.stats;
    stats.sent++;
    this.tracer.send(from, to, id, msg);
    const net = this.net;
    const l = from * net.n + to;
    if (net.isBlocked(l)) {
      this.drop(from, to, id, 'partition');
      return;
    }
    const link = net.link(l);
    const rng = this.nodes[from]!.netRng;
    if (link.loss > 0 && rng.next() < link.loss) {
      this.drop(from, to, id, 'loss');
      return;
    }
    if (net.isClogged(l)) {
      this.hold(from, to, id, msg);
      return;
    }
    this.transmit(from, to, id, msg, false);
    if (link.duplicate > 0 && rng.next() < link.duplicate) {
      stats.duplicated++;
      this.tracer.duplicate(from, to, id);
      this.transmit(from, to, id, msg, true);
    }
  }

  deliver(e: DeliverEvent): void {
    const from = e.from;
    const to = e.to;
    const id = e.id;
    // A partition that started while the message was on the wire drops it on arrival, as a
    // firewall rule would; checking only at send would let it cross.
    if (this.net.isBlocked(from * this.net.n + to)) {
      this.recycle(e);
      this.drop(from, to, id, 'partition');
      return;
    }
    const node = this.nodes[to]!;
    if (!node.up) {
      this.recycle(e);
      this.drop(from, to, id, 'node-down');
      return;
    }
    if (node.pauseDepth > 0) {
      node.backlog.push(e);
      return;
    }
    const msg = e.msg;
    const dup = e.dup;
    // Nothing holds the event past this point: the replies the handler sends reuse it.
    this.recycle(e);
    this.stats.delivered++;
    this.tracer.deliver(from, to, id, msg, dup);
    const b = node.behaviour;
    if (b.onMessage === undefined) return;
    const fromId = this.nodes[from]!.id;
    node.lastFromId = fromId;
    node.lastFromIdx = from;
    try {
      b.onMessage(fromId, msg);
    } catch (err) {
      // A broken engine invariant met while the model ran is faultline's bug, not the model's.
      if (err instanceof ModelError || err instanceof KernelInvariantError) throw err;
      throw new ModelError(node.id, this.kernel.now, `message #${id} from ${fromId}: ${describe(msg)}`, err);
    }
  }

  /** Returns a delivered (or dropped) event to the pool `transmit` draws from: one allocation fewer a message. */
  private recycle(e: DeliverEvent): void {
    e.msg = undefined;
    if (this.pool.length < POOL_MAX) this.pool.push(e);
  }

  drop(from: number, to: number, id: number, reason: DropReason): void {
    if (reason === 'loss') this.stats.lost++;
    else if (reason === 'partition') this.stats.partitioned++;
    else this.stats.toDownNode++;
    this.tracer.drop(from, to, id, reason);
  }

  /** Counts a partition in or out on each link: a link cut twice works again after both heal. */
  blockLinks(links: readonly number[], on: boolean): void {
    for (const l of links) this.net.block(l, on ? 1 : -1);
  }

  /** Clogs or unclogs links; a link whose last clog ends releases what it held. */
  clogLinks(links: readonly number[], on: boolean): void {
    const net = this.net;
    for (const l of links) {
      if (!net.clog(l, on ? 1 : -1)) continue;
      // Released: what was held goes out now, in the order it was sent, with fresh latency.
      const held = net.held.get(l);
      if (held === undefined) continue;
      net.held.delete(l);
      for (const h of held) {
        if (net.isBlocked(l)) this.drop(h.from, h.to, h.id, 'partition');
        else this.transmit(h.from, h.to, h.id, h.msg, false);
      }
    }
  }

  /** Puts a message on the wire with a latency drawn from the sender's network stream. */
  private transmit(from: number, to: number, id: number, msg: unknown, dup: boolean): void {
    const link = this.net.link(from * this.net.n + to);
    const rng = this.nodes[from]!.netRng;
    let delay = sampleLatency(link.latency, rng);
    if (link.reorder > 0 && rng.next() < link.reorder) delay += sampleLatency(link.reorderDelay, rng);
    const e = this.pool.pop();
    if (e === undefined) this.kernel.schedule(this.kernel.now + delay, { k: 'deliver', from, to, id, msg, dup });
    else {
      e.from = from;
      e.to = to;
      e.id = id;
      e.msg = msg;
      e.dup = dup;
      this.kernel.schedule(this.kernel.now + delay, e);
    }
  }

  private hold(from: number, to: number, id: number, msg: unknown): void {
    const l = from * this.net.n + to;
    this.stats.held++;
    this.tracer.hold(from, to, id);
    const list = this.net.held.get(l);
    if (list) list.push({ from, to, id, msg });
    else this.net.held.set(l, [{ from, to, id, msg }]);
  }
}
