import { describe, expect, it } from 'vitest';
import type { Model, NodeContext } from '../../sim/index.js';
import { reservationServer } from '../../sim/models/reservation-server.js';
import { isResponse, type Response } from '../../sim/models/rpc.js';
import { constantNet, faults, runWorld } from '../world/harness.js';

/** A client that sends `reserve` for each [atUs, seat, customer] and logs the answers. */
function customers(plan: [number, string, number][], answers: { customer: number; res: Response }[]): Model {
  return (ctx: NodeContext) => ({
    onStart() {
      plan.forEach(([at, seat, customer], i) => ctx.after(at, () => ctx.send('tickets', { t: 'req', rid: i, f: 'reserve', key: seat, value: customer })));
    },
    onMessage(_from, msg) {
      if (isResponse(msg)) answers.push({ customer: plan[msg.rid]![2], res: msg });
    },
  });
}

function run(params: Record<string, unknown>, plan: [number, string, number][], crashAtUs?: number) {
  const answers: { customer: number; res: Response }[] = [];
  const server = reservationServer.create(reservationServer.params.parse({ payment: { dist: 'constant', value: '200ms' }, ...params }), { nodes: [] });
  const { result } = runWorld({
    nodes: [
      { id: 'tickets', model: server },
      { id: 'client', model: customers(plan, answers) },
    ],
    network: constantNet('1ms'),
    faults: crashAtUs === undefined ? [] : faults([{ kind: 'crash', node: 'tickets', at: `${crashAtUs}us`, duration: '100ms' }]),
    untilUs: 5_000_000,
  });
  return { answers, books: result.effects.filter((e) => e.kind === 'book'), disk: result.nodes.tickets!.disk };
}

describe('reservation-server', () => {
  const race: [number, string, number][] = [
    [0, 'A1', 1],
    [50_000, 'A1', 2], // arrives while customer 1's card is being authorised
  ];

  it('check then book after payment: two overlapping requests for one seat are both booked', () => {
    const { answers, books } = run({}, race);
    expect(answers.map((a) => a.res.ok)).toEqual([true, true]);
    expect(books.map((b) => b.key)).toEqual(['A1', 'A1']);
  });

  it('claim before payment: the second request is refused', () => {
    const { answers, books } = run({ claim: 'before-payment' }, race);
    expect(answers.map((a) => [a.customer, a.res.ok, a.res.error])).toEqual([
      [2, false, 'seat taken'],
      [1, true, undefined],
    ]);
    expect(books).toHaveLength(1);
  });

  it('snapshot durability: a booking made after the last dump is gone after a crash', () => {
    // Dumps every 1 s; booked at ~1.2 s, crash at 1.5 s.
    const { answers, disk } = run({ snapshotEvery: '1s' }, [[1_000_000, 'B7', 3]], 1_500_000);
    expect(answers[0]!.res.ok).toBe(true);
    expect(disk['seats/B7']).toBeUndefined();
  });

  it('wal durability: the acknowledged booking survives the same crash', () => {
    const { answers, disk } = run({ durability: 'wal' }, [[1_000_000, 'B7', 3]], 1_500_000);
    expect(answers[0]!.res.ok).toBe(true);
    expect(disk['seats/B7']).toBe(3);
  });

  it('wal with claim before payment: a crash mid-payment rolls the unpaid claim back on recovery', () => {
    const { answers, books, disk } = run({ durability: 'wal', claim: 'before-payment' }, [[0, 'C2', 4]], 100_000);
    expect(answers).toEqual([]);
    expect(books).toEqual([]);
    expect(disk).toEqual({});
  });
});
