import { pathToFileURL } from 'node:url';
import { pairOps } from '../sim/checks/common.js';
import { type CheckConfig, checkSchema, runCheck } from '../sim/checks/index.js';
import { CHECK_CONFIGS, checkRun } from './check-history.js';

/**
 * Each check's CPU time on a synthetic run (bench/check-history.ts) at several sizes, to show how
 * its cost grows: from 100 k to 1 M operations, ×10 is linear and ×11–12 is n log n; from 300 k
 * to 1 M, ×3.3 (both sizes past what the young generation and the caches hold). The best of
 * three rounds after a warm-up round on a small run, in CPU time, so another process on the
 * machine slows a round but never speeds one up. The collector's work a check causes counts (the
 * run's history is live, so a big history makes every collection dearer: see the floor row). `node dist/bench/checks.js 100000 300000` runs other sizes.
 */
export interface ChecksBench {
  sizes: { ops: number; entries: number; effects: number }[];
  /** Per check (by its display name): CPU ms at each size, and its verdict at the largest. */
  rows: { name: string; ms: number[]; ok: boolean; detail: string; measured?: Record<string, number> | undefined }[];
  /** Pairing the history's invokes with their completions (pairOps), the first pass of every check that reads operations: the floor. */
  pairing: number[];
}

const cpuMs = (t0: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / 1000;
};

export function checksBench(sizes: readonly number[] = [100_000, 300_000, 1_000_000], rounds = 3, only?: readonly string[]): ChecksBench {
  const configs: CheckConfig[] = CHECK_CONFIGS.map((c) => checkSchema.parse(c)).filter(
    (c) => only === undefined || only.some((o) => (c.name ?? c.check).startsWith(o)),
  );
  const warm = checkRun({ ops: 10_000, seed: 1 });
  for (const c of configs) runCheck(c, warm);
  const out: ChecksBench = { sizes: [], rows: configs.map((c) => ({ name: c.name ?? c.check, ms: [], ok: true, detail: '' })), pairing: [] };
  const best = (work: () => void): number => {
    let ms = Infinity;
    for (let r = 0; r < rounds; r++) {
      const t0 = process.cpuUsage();
      work();
      ms = Math.min(ms, cpuMs(t0));
    }
    return ms;
  };
  for (const ops of sizes) {
    const input = checkRun({ ops, seed: 1 });
    out.sizes.push({ ops, entries: input.history.length, effects: input.effects.length });
    out.pairing.push(best(() => pairOps(input.history)));
    configs.forEach((c, i) => {
      const row = out.rows[i]!;
      row.ms.push(
        best(() => {
          // A fresh input object each round: a run's checks share one pairing of its ops
          // (pairedOps, kept per input), and each check's figure here includes its own.
          const v = runCheck(c, { ...input });
          Object.assign(row, { ok: v.ok, detail: v.detail, measured: v.measured });
        }),
      );
    });
  }
  return out;
}

const kOps = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000} M` : `${n / 1_000} k`);

/** The table `npm run bench` prints as line (l). */
export function checksLines(b: ChecksBench): string[] {
  const sizes = b.sizes.map((s) => `${kOps(s.ops)} (${s.entries} history entries, ${s.effects} effects)`).join(', ');
  const rows = [{ name: 'pairing the history (the floor)', ms: b.pairing, note: '' }];
  for (const r of b.rows) {
    const m = r.measured;
    const search = r.name.startsWith('linearizable') && m !== undefined ? `, ${m.keys} keys, ${m.steps} search steps` : '';
    rows.push({ name: r.name, ms: r.ms, note: `${r.ok ? 'holds' : 'fails'}${search}` });
  }
  const width = Math.max(...rows.map((r) => r.name.length));
  const last = b.sizes.length - 1;
  // The largest size's time over each smaller one's: from 100 k to 1 M, ×10 is linear.
  const over = b.sizes.slice(0, last).map((s) => `${kOps(b.sizes[last]!.ops)}/${kOps(s.ops)}`.replaceAll(' ', ''));
  const head =
    over.length === 0
      ? ''
      : `; growth ${over.join(', ')} (linear: ${b.sizes
          .slice(0, last)
          .map((s) => `×${+(b.sizes[last]!.ops / s.ops).toFixed(1)}`)
          .join(', ')}; n log n a little more)`;
  const lines = [`(l) checks on a synthetic run (bench/check-history.ts), CPU ms at ${sizes}${head}:`];
  for (const r of rows) {
    const ms = r.ms.map((x) => x.toFixed(0).padStart(7)).join(' ');
    const growth = r.ms.slice(0, last).map((x) => `×${(r.ms[last]! / Math.max(x, 0.5)).toFixed(1)}`.padStart(7));
    lines.push(`      ${r.name.padEnd(width)} ${ms} ms ${growth.join(' ')}  ${r.note}`);
  }
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `node --expose-gc dist/bench/checks.js [sizes...] [--only=name,name]`
  const args = process.argv.slice(2);
  const only = args
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const sizes = args.filter((a) => !a.startsWith('--')).map(Number);
  for (const line of checksLines(checksBench(sizes.length > 0 ? sizes : undefined, 3, only))) console.log(line);
}
