import { parseScenario } from '../sim/scenario/load.js';
import { runScenario } from '../sim/run/run-scenario.js';

/**
 * Child process of the bench (run with a 1 GB heap): the runaway load of issue 15, 1,000 clients
 * at 1,000,000 requests/s for a minute. It must stop at its history budget in under 30 s and
 * under 1 GB; it prints its time, peak RSS, stop reason and operations as JSON on stdout.
 */
const RUNAWAY = `name: runaway
duration: 60s
nodes:
  - { id: api, model: service, params: { workers: 100000, queueSize: 1000000, handlers: { charge: [{ call: { node: pg, f: charge } }] } } }
  - { id: pg, model: service, params: { workers: 100000, queueSize: 1000000, handlers: { charge: [work, { effect: { kind: charge } }] } } }
workload:
  clients: 1000
  target: api
  arrival: { process: poisson, rate: 1000000/s }
  ops: [{ f: charge }]
variants:
  naive:
    client: [{ type: retry, maxAttempts: 3, waitDuration: 200ms }, { type: timeout, timeout: 1s }]
checks:
  - { check: exactly-once, effect: charge }
`;

const parsed = parseScenario(RUNAWAY, 'runaway.yaml');
if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('\n'));
const t0 = process.hrtime.bigint();
const run = runScenario(parsed.scenario);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const ops = run.history.filter((e) => e.type === 'invoke').length;
process.stdout.write(JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, stopReason: run.stopReason, events: run.events, ops }));
