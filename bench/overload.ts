import { parseScenario, runScenario } from '../sim/index.js';
import { summed } from '../sim/run/series.js';

/**
 * The overload bench of issue 12: a `service` loaded near its capacity (8 workers, ~10 ms of
 * work each: ~800 requests/s; offered 560/s), clients with a timeout and one retry, and a 10 s
 * slowdown that pushes it past capacity; 300 s of virtual time. The figure is client attempts
 * (retries included) per second of CPU, the unit the simulator's speed is judged in.
 */
export const OVERLOAD_SCENARIO = `
name: overload-bench
duration: 300s
maxEvents: 50000000
nodes:
  - id: svc
    model: service
    params:
      workers: 8
      queueSize: 100000
      serviceTime: { dist: uniform, min: 5ms, max: 15ms }
      overload: { metric: queued, knee: 200, factor: 0.5, max: 4 }
workload:
  clients: 20
  target: svc
  arrival: { process: poisson, rate: 560/s }
  ops: [{ f: request }]
  until: 295s
faults:
  - { kind: slowdown, node: svc, at: 60s, duration: 10s, factor: 3 }
variants:
  timeout-retry:
    client: [{ type: retry, maxAttempts: 2, waitDuration: 10ms }, { type: timeout, timeout: 1s }]
checks:
  - check: slo
    latency: 1s
`;

export function overloadBench(): { attempts: number; cpuSeconds: number; events: number; peakQueued: number } {
  const r = parseScenario(OVERLOAD_SCENARIO, 'overload-bench.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const t0 = process.cpuUsage();
  const run = runScenario(r.scenario);
  const cpu = process.cpuUsage(t0);
  const attempts = (summed(run.series, 'attempts') ?? []).reduce((a, b) => a + b, 0);
  const peakQueued = Math.max(...(run.series.nodes.svc?.queued?.values ?? [0]));
  return { attempts, cpuSeconds: (cpu.user + cpu.system) / 1e6, events: run.events, peakQueued };
}
