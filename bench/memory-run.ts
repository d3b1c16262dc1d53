import { pingPongWorld } from './ping-pong.js';

/** Child process of the bench: one long run, its peak resident memory as JSON on stdout. */
const target = Number(process.argv[2] ?? 10_000_000);
let seen = 0;
const world = pingPongWorld({ nodes: 100, balls: 10, seed: 7, trace: { event: () => void seen++ } });
const t0 = process.hrtime.bigint();
const r = world.run({ maxEvents: target });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
if (seen === 0) throw new Error('the sink saw no events');
process.stdout.write(JSON.stringify({ events: r.events, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
