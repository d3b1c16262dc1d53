import { z } from 'zod';
import { positiveDuration } from '../units/human-units.js';
import { latencySchema, sampleLatency } from '../world/latency.js';
import type { NodeContext } from '../world/model.js';
import { defineModel } from './registry.js';
import { isRequest, reply, type Request } from './rpc.js';

/**
 * A single ticketing server that sells seats (a concert or flight booking backend on one box).
 * `reserve` (key = the seat, value = the customer) checks the seat is free, authorises the
 * customer's card (the asynchronous step: `payment` latency), then books the seat: a `book`
 * effect, the ticket issued to the customer, then an ok answer.
 *
 * - `durability: snapshot` keeps the seat map in memory and dumps it to disk every
 *   `snapshotEvery` (Redis RDB style): a crash loses every booking since the last dump, and
 *   after the restart those seats look free again.
 * - `durability: wal` appends each booking to a write-ahead log and fsyncs before answering.
 * - `claim: after-payment` checks the seat when the request arrives but records it only once
 *   the card is authorised, so two customers racing for one seat both pass the check.
 * - `claim: before-payment` checks and records the seat in one step, before the payment
 *   (a unique constraint on the seat inside the same transaction); a crash mid-payment leaves a
 *   pending row, which recovery rolls back, because that customer was never told yes.
 *
 * On disk: `seats/<seat>` = the customer holding it; `pending/<seat>` while a claim is unpaid.
 */
const SEATS = 'seats/';
const PENDING = 'pending/';

export const reservationServer = defineModel({
  name: 'reservation-server',
  summary: 'single-box seat booking server: reserve = check seat, authorise card, book; snapshot or WAL durability',
  params: z.strictObject({
    durability: z.enum(['snapshot', 'wal']).default('snapshot'),
    /** How often the in-memory seat map is dumped to disk (snapshot durability only). */
    snapshotEvery: positiveDuration.default(2_000_000),
    claim: z.enum(['after-payment', 'before-payment']).default('after-payment'),
    /** Card authorisation time, between the seat check and the booking. */
    payment: latencySchema.default({ dist: 'uniform', min: 100_000, max: 400_000 }),
  }),
  create: (p) => (ctx) => {
    const store = p.durability === 'wal' ? walStore(ctx) : snapshotStore(ctx, p.snapshotEvery);

    const book = (from: string, req: Request) => {
      ctx.effect('book', req.key, { customer: req.value, server: ctx.id });
      reply(ctx, from, req, { ok: true, value: req.value });
    };

    const reserve = (from: string, req: Request) => {
      const holder = store.get(req.key);
      if (holder !== undefined) {
        return reply(ctx, from, req, { ok: false, error: same(holder, req.value) ? 'already yours' : 'seat taken' });
      }
      if (p.claim === 'before-payment') {
        store.claim(req.key, req.value);
        return ctx.after(sampleLatency(p.payment, ctx.random), () => {
          store.confirm(req.key);
          book(from, req);
        });
      }
      // The seat was free when we looked; by the time the card is authorised it may not be.
      ctx.after(sampleLatency(p.payment, ctx.random), () => {
        store.set(req.key, req.value);
        book(from, req);
      });
    };

    return {
      onStart: () => store.boot(),
      onMessage(from, msg) {
        if (!isRequest(msg)) return;
        if (msg.f !== 'reserve') return reply(ctx, from, msg, { ok: false, error: `unknown operation '${msg.f}'` });
        reserve(from, msg);
      },
      inspect: () => ({ seatsHeld: store.count() }),
    };
  },
});

/** Where the seat map lives: the two durability designs behind one small interface. */
interface SeatStore {
  boot(): void;
  get(seat: string): unknown;
  /** Records the booking (after-payment designs). */
  set(seat: string, customer: unknown): void;
  /** Records the seat as pending payment (before-payment designs). */
  claim(seat: string, customer: unknown): void;
  confirm(seat: string): void;
  count(): number;
}

/** In memory, dumped to disk periodically; a restart reloads the last dump. */
function snapshotStore(ctx: NodeContext, everyUs: number): SeatStore {
  const seats = new Map<string, unknown>();
  const dump = () => {
    for (const [seat, customer] of seats) ctx.disk.write(SEATS + seat, customer);
    ctx.disk.fsync();
    ctx.after(everyUs, dump);
  };
  return {
    boot() {
      for (const k of ctx.disk.keys(SEATS)) seats.set(k.slice(SEATS.length), ctx.disk.read(k));
      if (seats.size > 0) ctx.note(`reloads ${seats.size} seats from the last snapshot`);
      ctx.after(everyUs, dump);
    },
    get: (seat) => seats.get(seat),
    set: (seat, customer) => void seats.set(seat, customer),
    claim: (seat, customer) => void seats.set(seat, customer),
    confirm: () => undefined,
    count: () => seats.size,
  };
}

/** Every change is logged and fsynced before the caller goes on. */
function walStore(ctx: NodeContext): SeatStore {
  const commit = (writes: () => void) => {
    writes();
    ctx.disk.fsync();
  };
  return {
    boot() {
      // Roll back claims whose payment never finished: nobody was told they hold the seat.
      const pending = ctx.disk.keys(PENDING).map((k) => k.slice(PENDING.length));
      if (pending.length === 0) return;
      commit(() => pending.forEach((seat) => (ctx.disk.delete(SEATS + seat), ctx.disk.delete(PENDING + seat))));
      ctx.note(`recovery rolls back ${pending.length} unpaid claims`);
    },
    get: (seat) => ctx.disk.read(SEATS + seat),
    set: (seat, customer) => commit(() => ctx.disk.write(SEATS + seat, customer)),
    claim: (seat, customer) => commit(() => (ctx.disk.write(SEATS + seat, customer), ctx.disk.write(PENDING + seat, true))),
    confirm: (seat) => commit(() => ctx.disk.delete(PENDING + seat)),
    count: () => ctx.disk.keys(SEATS).length,
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
