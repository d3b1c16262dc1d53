import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * How the simulator's cost grows (docs/world.md#performance): per-message cost against the
 * number of nodes (same total traffic: 10,000 balls in flight, 2 M messages), per-event cost
 * against the number of pending events, and run time and peak memory against run length with
 * the trace streamed. Each figure in a child process of its own; CPU time, best of `ROUNDS`.
 *
 *   npm run build && node dist/bench/growth.js [--quick]
 */
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 2;
const script = fileURLToPath(new URL('./growth-run.js', import.meta.url));

function child(kind: string, n: number): Record<string, number> {
  const out = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', script, kind, String(n)], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`${kind} ${n} failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as Record<string, number>;
}
function best(kind: string, n: number, key: string): Record<string, number> {
  let b: Record<string, number> | undefined;
  for (let i = 0; i < ROUNDS; i++) {
    const r = child(kind, n);
    if (b === undefined || r[key]! < b[key]!) b = r;
  }
  return b!;
}
const int = (n: number) => n.toLocaleString('en-US');

console.log('| nodes (10,000 balls in all) | CPU ns a delivered message | vs 100 nodes |');
console.log('|---:|---:|---:|');
const byNodes = [10, 100, 1_000, 10_000].map((n) => best('nodes', n, 'nsPerMessage'));
const at100 = byNodes[1]!.nsPerMessage!;
for (const r of byNodes) console.log(`| ${int(r.nodes!)} | ${r.nsPerMessage!.toFixed(0)} | ${(r.nsPerMessage! / at100).toFixed(2)}× |`);

console.log('\n| pending events | CPU ns an event | bare heap: ns a push/pop pair |');
console.log('|---:|---:|---:|');
for (const p of [1_000, 100_000, 1_000_000]) {
  const r = best('pending', p, 'nsPerEvent');
  const h = best('heap', p, 'nsPerPair');
  console.log(`| ${int(p)} | ${r.nsPerEvent!.toFixed(0)} | ${h.nsPerPair!.toFixed(0)} |`);
}

console.log('\n| events, trace streamed | CPU time | peak RSS | live heap at the end |');
console.log('|---:|---:|---:|---:|');
for (const e of quick ? [1_000_000, 10_000_000] : [1_000_000, 10_000_000, 100_000_000]) {
  const r = child('events', e);
  console.log(`| ${int(r.events!)} | ${r.seconds!.toFixed(1)} s | ${r.maxRssMb!.toFixed(0)} MB | ${r.liveHeapMb!.toFixed(1)} MB |`);
}
