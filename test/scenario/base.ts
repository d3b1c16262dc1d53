/** A small valid scenario; tests edit it line by line to break one thing at a time. */
export const BASE = `name: tiny
seed: 7
duration: 5s
nodes:
  - id: api
    model: service
    params: { workers: 8, handlers: { charge: [{ call: { node: pg, f: charge } }, { effect: { kind: charge } }] } }
  - id: pg
    model: service
workload:
  clients: 1
  target: api
  arrival: { process: constant, rate: 2/s }
  ops: [{ f: charge }]
faults:
  - kind: pause
    at: 1s
    duration: 500ms
    node: pg
variants:
  naive: {}
  safe:
    params: { api: { idempotency: { key: "{key}" } } }
checks:
  - check: exactly-once
    effect: charge
`;

/** The pg node's model line, with its id (BASE has two services): edit it to change pg's model. */
export const PG_MODEL = '  - id: pg\n    model: service';

/** BASE with `from` replaced by `to` (which must occur exactly once). */
export function edit(from: string, to: string, text = BASE): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`'${from}' must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}
