import { defineModel, isRequest, majority, nodeId, positiveDuration, QuorumCollector, reply, type Request } from 'faultline';
import { z } from 'zod';

/**
 * One replica of a primary-backup key-value store (`read`, `write`); every replica runs this
 * module. The replicas live in numbered epochs, each with one primary that orders the writes:
 * Viewstamped Replication's view number (Oki & Liskov 1988; Liskov & Cowling 2012), Raft's term.
 * Epoch 0's primary is named by params (VR's view 0); a backup that stops hearing the primary's
 * heartbeats for a randomised timeout (as in Raft) starts a failover. A client may ask any
 * replica: one that is not the primary answers with a `redirect` to the primary it believes in.
 *
 * `failover: naive` — the store many of us have written: the primary applies a write, sends it
 * to the backups and acknowledges at once; a read answers the primary's local value. A backup
 * that times out promotes itself and serves with whatever it has. When a partition isolates the
 * primary, a backup takes over without the writes that were on their way, and the old primary,
 * unaware, keeps serving after the heal: two primaries, stale reads, lost writes.
 *
 * `failover: fenced` — epochs fence the old primary, as in VR and Raft:
 * - a write, and a read, is answered only once a majority of replicas (the primary included)
 *   accepted it in the primary's epoch; a read's round carries the value it returns, so a value
 *   once read survives every later failover (Raft's reads through the log, without a lease);
 * - a replica refuses messages from an epoch older than its own, and a message from a newer one
 *   makes it a backup in that epoch: an old primary steps down;
 * - a primary that has not heard from a majority within `electionTimeout` refuses requests
 *   (Raft's CheckQuorum): cut off, it stops serving;
 * - to take over, a backup stands for epoch + 1 and needs a majority of votes. A replica votes
 *   once per epoch (the epoch is on disk) and sends its data with its vote; the new primary keeps,
 *   per key, the value with the highest version (epoch, sequence). Any majority includes a
 *   replica holding every acknowledged write (VR's view change, with the state for the log).
 *
 * Both modes handle a request once: a second delivery (same client, same `rid`) is dropped, as
 * VR's client table does. On disk, synced before anything is answered: `epoch`, `kv/<key>` =
 * `{ value, epoch, seq }`, and `seen/<client>/<rid>` for every request handled.
 * A replica that becomes primary records a `leader` effect (key: the epoch).
 */

/** A stored value and the version that wrote it: the primary's epoch and its count of writes in it. */
interface Entry {
  value: unknown;
  epoch: number;
  seq: number;
}
const newer = (a: Entry | undefined, b: Entry | undefined): a is Entry =>
  a !== undefined && (b === undefined || a.epoch > b.epoch || (a.epoch === b.epoch && a.seq > b.seq));

/** What replicas say to each other (clients speak faultline's Request / Response). */
type Msg =
  | { t: 'heartbeat'; epoch: number }
  /** Replicates `entry` (a write, or the value a read returns) for the primary's round `round`. */
  | { t: 'accept'; epoch: number; round: number; key: string; entry: Entry | undefined }
  /** Answers a heartbeat (round 0) or an accept; `ok: false` when the sender's epoch is over. */
  | { t: 'accepted'; epoch: number; round: number; ok: boolean; primary: string | undefined }
  | { t: 'vote-req'; epoch: number }
  | { t: 'vote'; epoch: number; granted: boolean; data: Record<string, Entry> };

export default defineModel({
  name: 'primary-backup',
  summary: 'a replica of a primary-backup key-value store; failover naive (promote on timeout) or fenced (epochs, majority acks)',
  params: z
    .strictObject({
      /** Every replica, this one included. */
      replicas: z.array(nodeId).min(1),
      /** The primary of epoch 0. */
      primary: nodeId,
      failover: z.enum(['naive', 'fenced']).default('fenced'),
      heartbeat: positiveDuration.default(100_000),
      /** A backup that hears nothing from the primary for between this and twice this starts a failover. */
      electionTimeout: positiveDuration.default(500_000),
    })
    .refine((p) => p.replicas.includes(p.primary), { path: ['primary'], error: 'the primary must be one of the replicas' }),
  nodeRefs: (p) => [...p.replicas.map((node, i) => ({ path: ['replicas', i], node })), { path: ['primary'], node: p.primary }],
  create: (p) => (ctx) => {
    if (!p.replicas.includes(ctx.id)) throw new Error(`${ctx.id} is not one of the replicas (${p.replicas.join(', ')})`);
    const others = p.replicas.filter((r) => r !== ctx.id);
    const fenced = p.failover === 'fenced';
    const send = (to: string, m: Msg) => ctx.send(to, m);

    // Durable: survives a crash.
    const get = (key: string) => ctx.disk.read<Entry>(`kv/${key}`);
    const put = (key: string, e: Entry) => {
      ctx.disk.write(`kv/${key}`, e);
      ctx.disk.fsync();
    };
    const data = () => Object.fromEntries(ctx.disk.keys('kv/').map((k) => [k.slice(3), get(k.slice(3))!]));
    let epoch = ctx.disk.read<number>('epoch') ?? 0;
    const setEpoch = (e: number) => {
      epoch = e;
      ctx.disk.write('epoch', e);
      ctx.disk.fsync();
    };

    // Volatile: lost in a crash.
    let role: 'primary' | 'backup' | 'candidate' = 'backup';
    let primary: string | undefined; // who this replica believes is the primary of `epoch`
    let seq = 0; // writes this primary has ordered in its epoch
    let lastRound = 0;
    const rounds = new Map<number, { client: string; req: Request; quorum: QuorumCollector }>();
    const heardAt = new Map<string, number>(); // a primary's last word from each backup, on its monotonic clock
    let votes: QuorumCollector | undefined;
    let electionTimer: number | undefined;

    const resetElectionTimer = () => {
      if (electionTimer !== undefined) ctx.cancelTimer(electionTimer);
      electionTimer = ctx.after(p.electionTimeout + Math.floor(ctx.random.next() * p.electionTimeout), onSilence);
    };

    const heartbeat = (e: number) => {
      if (role !== 'primary' || epoch !== e) return; // the loop of an epoch that is over ends here
      for (const r of others) send(r, { t: 'heartbeat', epoch });
      ctx.after(p.heartbeat, () => heartbeat(e));
    };

    const becomePrimary = (e: number) => {
      if (e !== epoch) setEpoch(e);
      role = 'primary';
      primary = ctx.id;
      seq = 0;
      votes = undefined;
      if (electionTimer !== undefined) ctx.cancelTimer(electionTimer);
      electionTimer = undefined;
      for (const r of others) heardAt.set(r, ctx.monotonic()); // they just voted, or this is epoch 0
      ctx.effect('leader', String(e), { node: ctx.id });
      ctx.note(`primary of epoch ${e}`);
      heartbeat(e);
    };

    /** Fenced only: this replica's epoch is over, or it lost an election. */
    const becomeBackup = (
      leader: string | undefined,
      says = leader === undefined ? `in epoch ${epoch}, primary unknown` : `backup of ${leader} in epoch ${epoch}`,
    ) => {
      ctx.note(role === 'primary' ? `steps down: ${says}` : says);
      role = 'backup';
      primary = leader;
      votes = undefined;
      // Their writes may have reached a backup: in doubt, not failed (and not sent on: run twice, a write could come back).
      for (const { client, req } of rounds.values()) reply(ctx, client, req, { ok: false, error: 'no longer the primary', inDoubt: true });
      rounds.clear();
      resetElectionTimer();
    };

    /** The primary has been silent too long. */
    const onSilence = () => {
      electionTimer = undefined;
      if (!fenced) {
        ctx.note(`has not heard from ${primary} for a while: promotes itself`);
        return becomePrimary(epoch + 1);
      }
      setEpoch(epoch + 1); // its vote in the new epoch goes to itself
      role = 'candidate';
      primary = undefined;
      ctx.note(`stands for epoch ${epoch}`);
      resetElectionTimer(); // no majority in time (a split vote): stand again, for the next epoch
      const e = epoch;
      votes = new QuorumCollector(p.replicas, () => becomePrimary(e));
      votes.ack(ctx.id);
      for (const r of others) send(r, { t: 'vote-req', epoch });
    };

    /** A heartbeat or an accept from `from`, primary of epoch `e`: follow it, unless that epoch is over. */
    const fromPrimary = (from: string, e: number): boolean => {
      if (!fenced) {
        if (role === 'primary') return false; // naive: a primary never doubts itself
        primary = from;
        resetElectionTimer();
        return true;
      }
      if (e < epoch) return false;
      if (e > epoch) setEpoch(e);
      if (role !== 'backup' || primary !== from) becomeBackup(from);
      else resetElectionTimer();
      return true;
    };

    const inTouchWithMajority = () => 1 + others.filter((r) => ctx.monotonic() - heardAt.get(r)! <= p.electionTimeout).length >= majority(p.replicas.length);

    const serve = (client: string, req: Request) => {
      // Each request is handled once, whatever the network delivers twice (VR keeps a client table for this).
      const seen = `seen/${client}/${req.rid}`;
      if (ctx.disk.has(seen)) return;
      ctx.disk.write(seen, true);
      ctx.disk.fsync();
      if (req.f !== 'read' && req.f !== 'write') return reply(ctx, client, req, { ok: false, error: `unknown operation '${req.f}'` });
      if (role !== 'primary') {
        if (primary === undefined) return reply(ctx, client, req, { ok: false, error: 'no primary known', retryable: true });
        return reply(ctx, client, req, { ok: false, error: `not the primary (${primary} is)`, redirect: primary });
      }
      if (fenced && !inTouchWithMajority()) return reply(ctx, client, req, { ok: false, error: 'cannot reach a majority', retryable: true });
      const entry = req.f === 'write' ? { value: req.value, epoch, seq: ++seq } : get(req.key);
      if (req.f === 'write') put(req.key, entry!);
      const answer = req.f === 'read' ? { ok: true, value: entry?.value ?? null } : { ok: true };
      if (!fenced) {
        // naive: acknowledged before any backup has it; a read answers the local copy.
        if (req.f === 'write') for (const r of others) send(r, { t: 'accept', epoch, round: 0, key: req.key, entry });
        return reply(ctx, client, req, answer);
      }
      // fenced: answered once a majority holds it in this epoch.
      const id = ++lastRound;
      const quorum = new QuorumCollector(p.replicas, () => {
        rounds.delete(id);
        reply(ctx, client, req, answer);
      });
      rounds.set(id, { client, req, quorum });
      quorum.ack(ctx.id);
      for (const r of others) send(r, { t: 'accept', epoch, round: id, key: req.key, entry });
    };

    return {
      onStart() {
        if (ctx.id === p.primary) return becomePrimary(0);
        primary = p.primary;
        resetElectionTimer();
      },
      onRecover() {
        // Memory is gone, the epoch and the data are not: rejoin as a backup, learn the primary from its heartbeats.
        resetElectionTimer();
      },
      onMessage(from, msg) {
        if (isRequest(msg)) return serve(from, msg);
        const m = msg as Msg;
        if (m.t === 'heartbeat' || m.t === 'accept') {
          const r = m.t === 'accept' ? m.round : 0;
          if (!fromPrimary(from, m.epoch)) return send(from, { t: 'accepted', epoch, round: r, ok: false, primary });
          if (m.t === 'accept' && newer(m.entry, get(m.key))) put(m.key, m.entry);
          return send(from, { t: 'accepted', epoch, round: r, ok: true, primary });
        }
        if (!fenced) return; // naive replicas neither count acknowledgements nor vote
        if (m.t === 'vote-req') {
          // One vote per epoch: only for an epoch newer than any this replica has been in.
          const granted = m.epoch > epoch;
          if (granted) {
            setEpoch(m.epoch);
            becomeBackup(undefined, `votes for ${from} in epoch ${epoch}`);
          }
          return send(from, { t: 'vote', epoch, granted, data: granted ? data() : {} });
        }
        if (m.epoch > epoch) {
          setEpoch(m.epoch);
          return becomeBackup(m.t === 'accepted' ? m.primary : undefined);
        }
        if (m.t === 'accepted') {
          if (!m.ok || m.epoch !== epoch || role !== 'primary') return;
          heardAt.set(from, ctx.monotonic());
          rounds.get(m.round)?.quorum.ack(from);
        } else if (m.granted && role === 'candidate' && m.epoch === epoch) {
          // The new primary starts from the latest version of each key that a majority holds.
          for (const [key, entry] of Object.entries(m.data)) if (newer(entry, get(key))) put(key, entry);
          votes?.ack(from);
        }
      },
      inspect: () => ({ role, epoch, primary, data: Object.fromEntries(Object.entries(data()).map(([k, e]) => [k, e.value])) }),
    };
  },
});
