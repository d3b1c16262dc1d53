import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EventQueue, RandomStreams } from '../sim/index.js';
import { checksBench, checksLines } from './checks.js';
import { linearizableBenches } from './linearizable.js';
import { overloadBench } from './overload.js';
import { pingPongWorld } from './ping-pong.js';
import { seedsPerSecond, shrinkRuns } from './sweep.js';

/**
 * `npm run bench`: throughput of the simulator against the physical limit of its own heap,
 * measured in one process so the ratio survives a noisy machine, plus peak memory of a long
 * run in a child process of its own.
 */
const MESSAGES = 1_000_000;

/** CPU seconds since `t0` (process.cpuUsage): a core shared with other work does not count against us. */
const cpuSince = (t0: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / 1e6;
};

function simThroughput(): { delivered: number; seconds: number; events: number } {
  const world = pingPongWorld({ nodes: 100, balls: 10, seed: 1 });
  const t0 = process.cpuUsage();
  let r = world.run({ untilUs: 1_000_000 });
  while (r.network.delivered < MESSAGES) r = world.run({ untilUs: r.endUs + 1_000_000 });
  return { delivered: r.network.delivered, seconds: cpuSince(t0), events: r.events };
}

function heapThroughput(pairs: number, pending: number): number {
  const q = new EventQueue();
  const rng = new RandomStreams(1).stream('bench');
  let now = 0;
  for (let i = 0; i < pending; i++) q.push(now + Math.floor(rng.next() * 10_000), i);
  const draws = new Float64Array(pairs);
  for (let i = 0; i < pairs; i++) draws[i] = Math.floor(rng.next() * 10_000);
  const t0 = process.cpuUsage();
  for (let i = 0; i < pairs; i++) {
    now = q.peekTime();
    const h = q.pop();
    q.push(now + draws[i]!, h);
  }
  return pairs / cpuSince(t0);
}

function memoryRun(events: number): { maxRssMb: number; seconds: number; events: number } {
  const script = fileURLToPath(new URL('./memory-run.js', import.meta.url));
  const out = spawnSync(process.execPath, [script, String(events)], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`memory run failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as { maxRssMb: number; seconds: number; events: number };
}

/** The HTML page of a 1 M-event run (bench/html-report.ts), in a child of its own: its peak memory is the page's. */
function htmlReport(): { events: number; seconds: number; maxRssMb: number; pageMb: number } {
  const script = fileURLToPath(new URL('./html-report.js', import.meta.url));
  const out = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`html report failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as { events: number; seconds: number; maxRssMb: number; pageMb: number };
}

interface RunReportFigures {
  events: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  reportKb: number;
}

/** The text or JSON report of a 1 M-event run (bench/run-report.ts), in a child of its own: its peak memory is the report's. */
function runReport(format: 'text' | 'json'): RunReportFigures {
  const script = fileURLToPath(new URL('./run-report.js', import.meta.url));
  const out = spawnSync(process.execPath, [script, format], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`${format} report failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as RunReportFigures;
}

/** The runaway load (bench/runaway-run.ts) in a child with a 1 GB heap, as a user's machine might give it. */
function runawayRun(): { seconds: number; maxRssMb: number; stopReason: string; events: number; ops: number } {
  const script = fileURLToPath(new URL('./runaway-run.js', import.meta.url));
  const out = spawnSync(process.execPath, ['--max-old-space-size=1024', script], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`runaway run failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as { seconds: number; maxRssMb: number; stopReason: string; events: number; ops: number };
}

const fmt = (n: number) => (n / 1e6).toFixed(2) + ' M';

console.log('faultline bench (Node ' + process.version + ')\n');
// Both warmed up the same way (one untimed round each), then the best of three interleaved
// rounds, in CPU seconds: a noisy machine slows a round, it never speeds one up.
const avgPending = 100 * 10 * 1; // balls in flight, for a heap of comparable size
simThroughput();
heapThroughput(MESSAGES, avgPending);
let sim = simThroughput();
let heapRate = 0;
for (let round = 0; round < 3; round++) {
  const s = round === 0 ? sim : simThroughput();
  if (s.delivered / s.seconds > sim.delivered / sim.seconds) sim = s;
  heapRate = Math.max(heapRate, heapThroughput(s.delivered, avgPending));
}
const simRate = sim.delivered / sim.seconds;
console.log(
  `(a) ping-pong, 100 nodes, 1–10 ms latency, 1% loss: ${sim.delivered} messages delivered (${sim.events} events) in ${sim.seconds.toFixed(2)} s of CPU = ${fmt(simRate)}msgs/s   [target ≥ 5 M]`,
);
console.log(`(b) bare heap, warm, ${sim.delivered} push/pop pairs at ${avgPending} pending: ${fmt(heapRate)}pairs/s`);
console.log(`(c) simulator / warm bare heap: ${(simRate / heapRate).toFixed(3)}   [target ≥ 0.35]`);
const mem = memoryRun(10_000_000);
console.log(
  `(d) ${mem.events} events, trace streamed to a discarding sink: peak RSS ${mem.maxRssMb.toFixed(0)} MB in ${mem.seconds.toFixed(1)} s   [target < 256 MB]`,
);
const runaway = runawayRun();
console.log(
  `(d2) runaway load, 1,000 clients at 1,000,000 requests/s: stopped (${runaway.stopReason}) after ${runaway.ops} operations, ${runaway.events} events, in ${runaway.seconds.toFixed(1)} s, peak RSS ${runaway.maxRssMb.toFixed(0)} MB   [target < 30 s, < 1024 MB]`,
);

// Sweeps (docs/sweep.md): the worker pool's scaling, and the cost of shrinking. Best of two
// interleaved rounds each, so another process busy on the machine for a moment skews neither.
// Thread start-up and each worker's JIT warm-up are a fixed cost (~0.4 s a pool): at 4,000 seeds
// it hides the scaling, at 20,000 it shows. Workers hand outcomes over through a shared-memory log
// (bin/sweep/outcome-log.ts), a message every ~50 ms, not one a run.
const SWEEP_SIZES = [4_000, 20_000];
await seedsPerSecond(100, 2); // warm-up: the file cache and the compiled worker
const best = new Map<string, number>();
for (let round = 0; round < 2; round++) {
  for (const seeds of SWEEP_SIZES) {
    for (const workers of [1, 2]) {
      const key = `${seeds}/${workers}`;
      best.set(key, Math.max(best.get(key) ?? 0, await seedsPerSecond(seeds, workers)));
    }
  }
}
for (const [i, seeds] of SWEEP_SIZES.entries()) {
  const one = best.get(`${seeds}/1`)!;
  const two = best.get(`${seeds}/2`)!;
  console.log(
    `(e${i + 1}) sweep, split-brain (5 variants a seed), ${seeds} seeds: ${one.toFixed(0)} seeds/s on 1 worker, ${two.toFixed(0)} on 2: speed-up ${(two / one).toFixed(2)}×   [target ≥ ${seeds === 4_000 ? '1.8' : '1.7'}×]`,
  );
}
const shrinks = shrinkRuns();
console.log(
  `(f) shrinking the bundled failing variants (seed 1): ${shrinks.reduce((n, s) => n + s.runs, 0)} runs for ${shrinks.length} failures, at most ${Math.max(...shrinks.map((s) => s.runs))}`,
);
for (const s of shrinks) console.log(`      ${s.name}: ${s.runs} runs, ${s.from} → ${s.to} faults`);

// The linearizability checker (docs/checks.md#linearizable): best of three after a warm-up.
for (const [i, b] of linearizableBenches().entries()) {
  console.log(`(g${i + 1}) linearizable, ${b.name}: ${b.ms.toFixed(1)} ms, ${b.steps} search steps, ${b.ok ? 'linearizable' : 'not linearizable'}`);
}

// The overload scenario built from the building blocks (issue 12): client attempts per CPU second.
overloadBench(); // warm-up
const ov = overloadBench();
console.log(
  `(h) overload, a service near capacity + a 10 s slowdown, 300 s: ${ov.attempts} client attempts (${ov.events} events, queue peak ${ov.peakQueued.toFixed(0)}) in ${ov.cpuSeconds.toFixed(2)} s of CPU = ${(ov.attempts / ov.cpuSeconds / 1000).toFixed(0)} k attempts/s   [target ≥ 150 k]`,
);
const page = htmlReport();
console.log(
  `(i) HTML page of a 1 M-event run (pg-timeout-cascade naive, 1,880 s): ${page.events} events, built in ${page.seconds.toFixed(1)} s, peak ${page.maxRssMb.toFixed(0)} MB, ${page.pageMb.toFixed(1)} MB   [target < 10 s, < 400 MB, < 5 MB]`,
);
for (const [line, format] of [
  ['j', 'text'],
  ['k', 'json'],
] as const) {
  const r = runReport(format);
  console.log(
    `(${line}) ${format === 'text' ? 'text' : 'JSON'} report of a 1 M-event run (canary-rollback naive, 1,430 s): ${r.events} events, made in ${r.seconds.toFixed(1)} s (${r.cpuSeconds.toFixed(1)} s of CPU), peak ${r.maxRssMb.toFixed(0)} MB, ${r.reportKb.toFixed(0)} KB   [target < 5 s, < 300 MB]`,
  );
}

// Each check on a synthetic run of 100 k, 300 k and 1 M operations (bench/checks.ts, docs/checks.md#performance).
for (const line of checksLines(checksBench())) console.log(line);
