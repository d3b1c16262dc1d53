import { EventQueue, RandomStreams } from '../sim/index.js';
import { pingPongWorld } from './ping-pong.js';

/**
 * Child process of bench/growth.ts: one measurement, as JSON on stdout, so that each size runs
 * in a fresh process (its own JIT warm-up, its own peak memory).
 *
 *   node dist/bench/growth-run.js nodes <n>      per-message CPU ns at n nodes, 10,000 balls in all
 *   node dist/bench/growth-run.js pending <p>    per-event CPU ns at about p pending events
 *   node dist/bench/growth-run.js heap <p>       CPU ns a push/pop pair on the bare heap at p pending
 *   node dist/bench/growth-run.js events <e>     a run of e events, trace streamed: seconds, peak RSS
 */
const [kind, arg] = [process.argv[2], Number(process.argv[3])];
const cpuSince = (t0: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / 1e6;
};

/** CPU seconds and counts of `events` events on a fresh world, after a short warm-up run. */
function measure(nodes: number, balls: number, events: number): { seconds: number; delivered: number; events: number } {
  pingPongWorld({ nodes, balls, seed: 2 }).run({ maxEvents: 200_000 });
  const world = pingPongWorld({ nodes, balls, seed: 1 });
  // Boot outside the measurement: starting the nodes sends every ball at t=0.
  const boot = world.run({ untilUs: 0 });
  const t0 = process.cpuUsage();
  const r = world.run({ maxEvents: boot.events + events });
  return { seconds: cpuSince(t0), delivered: r.network.delivered - boot.network.delivered, events: r.events - boot.events };
}

let out: Record<string, number>;
if (kind === 'nodes') {
  const m = measure(arg, Math.max(1, Math.round(10_000 / arg)), 2_000_000);
  out = { nodes: arg, nsPerMessage: (m.seconds * 1e9) / m.delivered, delivered: m.delivered };
} else if (kind === 'pending') {
  // 100 nodes; the balls in flight are the pending deliveries (plus one resend timer a node).
  const m = measure(100, Math.max(1, Math.round(arg / 100)), 3_000_000);
  out = { pending: arg, nsPerEvent: (m.seconds * 1e9) / m.events, events: m.events };
} else if (kind === 'heap') {
  const q = new EventQueue();
  const rng = new RandomStreams(1).stream('bench');
  for (let i = 0; i < arg; i++) q.push(Math.floor(rng.next() * 10_000), i);
  const pairs = 3_000_000;
  const draws = new Float64Array(pairs);
  for (let i = 0; i < pairs; i++) draws[i] = Math.floor(rng.next() * 10_000);
  let seconds = Infinity;
  for (let round = 0; round < 2; round++) {
    // The first round warms up; each is timed, the best kept.
    const t0 = process.cpuUsage();
    for (let i = 0; i < pairs; i++) {
      const now = q.peekTime();
      q.push(now + draws[i]!, q.pop());
    }
    seconds = Math.min(seconds, cpuSince(t0));
  }
  out = { pending: arg, nsPerPair: (seconds * 1e9) / pairs };
} else if (kind === 'events') {
  let seen = 0;
  const world = pingPongWorld({ nodes: 100, balls: 10, seed: 7, trace: { event: () => void seen++ } });
  const t0 = process.cpuUsage();
  const r = world.run({ maxEvents: arg });
  if (seen === 0) throw new Error('the sink saw no events');
  const seconds = cpuSince(t0);
  // What the run still holds once the garbage is collected (the parent passes --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  out = { events: r.events, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, liveHeapMb: process.memoryUsage().heapUsed / 2 ** 20 };
} else throw new Error('usage: growth-run.js nodes|pending|heap|events <number>');
process.stdout.write(JSON.stringify(out));
