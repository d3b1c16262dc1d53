import { z } from 'zod';
import { nodeId } from '../units/human-units.js';
import { defineModel } from './registry.js';
import { isRequest, reply, type Request, type Response } from './rpc.js';
import { compareStamps, StampClock, type Stamp } from './timestamps.js';

/**
 * One replica of a leaderless, multi-master key-value store that resolves conflicts by
 * last-write-wins (Cassandra, DynamoDB global tables, Riak with LWW): a `write` is stamped and
 * applied locally, acknowledged at once, and sent to every peer in the background; each replica
 * keeps, per key, the value with the greatest stamp. `read` answers the local value.
 *
 * `timestamps` is what stamps a write (see timestamps.ts): `wall` (the local wall clock: a
 * replica whose clock is behind stamps a causally later write as older, and LWW silently
 * drops it), `lamport` or `hybrid` (logical clocks that move past every stamp the replica
 * hears of, including the highest stamp the client has seen, carried on its requests as `seen`).
 *
 * On disk: `reg/<key>` = `{ value, stamp }`. Responses carry the stamp of the value they
 * report, so a client can pass it on.
 */
export interface StampedRequest extends Request {
  /** The highest stamp the client has seen (its causal context). */
  seen?: Stamp;
}
export interface StampedResponse extends Response {
  stamp?: Stamp;
}
interface Replicate {
  t: 'replicate';
  key: string;
  value: unknown;
  stamp: Stamp;
}
interface Register {
  value: unknown;
  stamp: Stamp;
}

const REG = 'reg/';

export const lwwReplica = defineModel({
  name: 'lww-replica',
  summary: 'multi-master replica resolving conflicts by last-write-wins on wall-clock, Lamport or hybrid timestamps',
  params: z.strictObject({
    /** The other replicas, sent every local write. */
    peers: z.array(nodeId).default([]),
    timestamps: z.enum(['wall', 'lamport', 'hybrid']).default('wall'),
  }),
  nodeRefs: (p) => p.peers.map((node, i) => ({ path: ['peers', i], node })),
  create: (p) => (ctx) => {
    const clock = new StampClock(p.timestamps, ctx.id, () => ctx.wallClock());
    const get = (key: string) => ctx.disk.read<Register>(REG + key);

    /** Last-write-wins: keeps the incoming value only when its stamp is greater. */
    const apply = (key: string, incoming: Register, source: string) => {
      clock.observe(incoming.stamp);
      const current = get(key);
      if (current !== undefined && compareStamps(incoming.stamp, current.stamp) <= 0) {
        ctx.note(
          `LWW keeps ${JSON.stringify(current.value)} for ${key} (stamp ${show(current.stamp)}) over ${JSON.stringify(incoming.value)} from ${source} (stamp ${show(incoming.stamp)})`,
        );
        return;
      }
      ctx.disk.write(REG + key, incoming);
      ctx.disk.fsync();
    };

    const serve = (from: string, req: StampedRequest) => {
      clock.observe(req.seen);
      if (req.f === 'read') {
        const r = get(req.key);
        return reply<StampedResponse>(ctx, from, req, r === undefined ? { ok: true, value: null } : { ok: true, value: r.value, stamp: r.stamp });
      }
      if (req.f !== 'write') return reply<StampedResponse>(ctx, from, req, { ok: false, error: `unknown operation '${req.f}'` });
      const w: Register = { value: req.value, stamp: clock.next() };
      apply(req.key, w, from);
      for (const peer of p.peers) ctx.send(peer, { t: 'replicate', key: req.key, ...w } satisfies Replicate);
      // Acknowledged whether or not it won locally: like Cassandra, the write is accepted and
      // the timestamps decide at read time which value is visible.
      reply<StampedResponse>(ctx, from, req, { ok: true, stamp: w.stamp });
    };

    return {
      onMessage(from, msg) {
        if (isRequest(msg)) return serve(from, msg);
        const m = msg as Replicate | undefined;
        if (m?.t === 'replicate') apply(m.key, { value: m.value, stamp: m.stamp }, from);
      },
      inspect: () => Object.fromEntries(ctx.disk.keys(REG).map((k) => [k.slice(REG.length), get(k.slice(REG.length))?.value])),
    };
  },
});

const show = (s: Stamp): string => `${s.l}${s.c === 0 ? '' : `.${s.c}`}@${s.origin}`;
