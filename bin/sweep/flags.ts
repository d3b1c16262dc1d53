import { availableParallelism } from 'node:os';
import { DEFAULT_DETERMINISM_SHARE } from '../../sim/sweep/determinism.js';
import { UsageError } from '../errors.js';

/** The sweep's own flag syntaxes; a bad one is a usage error (exit 2). */

/** `--shard K/N`, 1 ≤ K ≤ N ≤ 1000; `auto` or `auto/N` read K (and N) from the CI runner's environment (shardFromEnv). */
export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): { index: number; count: number } {
  const auto = /^\s*auto\s*(?:\/\s*(\d+)\s*)?$/.exec(text);
  if (auto) return shardFromEnv(auto[1] === undefined ? undefined : Number(auto[1]), env);
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || count > 1000 || index < 1 || index > count)
    throw new UsageError(`--shard: expected K/N with 1 ≤ K ≤ N ≤ 1000 (like 2/4), auto or auto/N; found '${text}'`);
  return { index, count };
}

/** A runner's shard variables: its index (0- or 1-based) and, but for Kubernetes, its count. */
const RUNNERS: readonly { name: string; index: string; count?: string; base: 0 | 1 }[] = [
  { name: 'GitLab CI', index: 'CI_NODE_INDEX', count: 'CI_NODE_TOTAL', base: 1 },
  { name: 'CircleCI', index: 'CIRCLE_NODE_INDEX', count: 'CIRCLE_NODE_TOTAL', base: 0 },
  { name: 'Buildkite', index: 'BUILDKITE_PARALLEL_JOB', count: 'BUILDKITE_PARALLEL_JOB_COUNT', base: 0 },
  { name: 'a Kubernetes Indexed Job', index: 'JOB_COMPLETION_INDEX', base: 0 },
];

const LOOKED_FOR =
  'GitLab CI_NODE_INDEX/CI_NODE_TOTAL (index from 1), CircleCI CIRCLE_NODE_INDEX/CIRCLE_NODE_TOTAL, ' +
  "Buildkite BUILDKITE_PARALLEL_JOB/BUILDKITE_PARALLEL_JOB_COUNT, or a Kubernetes Indexed Job's JOB_COMPLETION_INDEX " +
  "(index from 0; its count is the N of --shard auto/N, the Job's completions)";

/**
 * `--shard auto[/N]`: the shard from the first runner whose index variable is set, as a 1-based K/N.
 * N from `auto/N` must agree with the runner's own count; Kubernetes has none, so it needs `auto/N`.
 * None set, a runner with only one of its pair, a value that is not a whole number in range, or two
 * runners that disagree: a usage error naming the variables looked for.
 */
export function shardFromEnv(flagCount: number | undefined, env: NodeJS.ProcessEnv): { index: number; count: number } {
  const fail = (what: string): never => {
    throw new UsageError(`--shard ${flagCount === undefined ? 'auto' : `auto/${flagCount}`}: ${what}; it reads ${LOOKED_FOR}. Or give the shard as K/N.`);
  };
  if (flagCount !== undefined && !(Number.isInteger(flagCount) && flagCount >= 1 && flagCount <= 1000))
    fail(`expected N from 1 to 1000 in auto/N, found ${flagCount}`);
  const whole = (name: string): number => {
    const v = (env[name] ?? '').trim();
    if (!/^\d+$/.test(v)) fail(`${name} is '${env[name]}', not a whole number`);
    return Number(v);
  };
  const found: { name: string; vars: string; index: number; count: number }[] = [];
  for (const r of RUNNERS) {
    const hasIndex = (env[r.index] ?? '') !== '';
    const hasCount = r.count !== undefined && (env[r.count] ?? '') !== '';
    if (!hasIndex && !hasCount) continue;
    const vars = r.count ? `${r.index}/${r.count}` : r.index;
    if (!hasIndex) fail(`${r.count} is set but ${r.index} is not`);
    if (r.count !== undefined && !hasCount) fail(`${r.index} is set but ${r.count} is not`);
    const count =
      r.count === undefined
        ? (flagCount ?? fail(`${r.index} is set (${r.name}) but the shard count is not: give it as --shard auto/N, N the Job's completions`))
        : whole(r.count);
    if (r.count !== undefined && flagCount !== undefined && count !== flagCount) fail(`${r.count} is ${count} but auto/${flagCount} says ${flagCount} shards`);
    const index = whole(r.index) + (1 - r.base);
    if (count < 1 || count > 1000) fail(`${r.count ?? 'the shard count'} is ${count}: expected 1 to 1000`);
    if (index < 1 || index > count) fail(`${r.index} is ${env[r.index]}: for ${count} shards ${r.name} counts from ${r.base} to ${count - 1 + r.base}`);
    found.push({ name: r.name, vars, index, count });
  }
  const first = found[0] ?? fail('none of the shard variables is set');
  const other = found.find((f) => f.index !== first.index || f.count !== first.count);
  if (other) fail(`${first.vars} say shard ${first.index}/${first.count} but ${other.vars} say ${other.index}/${other.count}`);
  return { index: first.index, count: first.count };
}

/** `--check-determinism` alone: 5%; `=10%` or `=0.1`: that share, above 0 and at most 100%. */
export function parseShare(text: string): number {
  const t = text.trim();
  if (t === '') return DEFAULT_DETERMINISM_SHARE;
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
  const share = pct ? Number(pct[1]) / 100 : /^\d*\.?\d+$/.test(t) ? Number(t) : NaN;
  if (!(share > 0 && share <= 1)) throw new UsageError(`--check-determinism: expected a share like 5% or 0.05 (above 0, at most 100%); found '${text}'`);
  return share;
}

/** `--workers N`: 1 to 256; default one per available core. */
export function parseWorkers(n: number | undefined): number {
  if (n === undefined) return availableParallelism();
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--workers: expected a whole number from 1 to 256, found ${n}`);
  return n;
}
