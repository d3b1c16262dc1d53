import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcess, tempDir } from '../cli/cli.js';
import { SPLIT_BRAIN } from './fixtures.js';

/** Shards through the CLI: regression files merged to one per plan, a missing shard named, JUnit times real. */
describe('shards', () => {
  const tmp = tempDir();
  const shard = (k: number, n: number, extra: string[] = []) =>
    inProcess([
      'sweep',
      SPLIT_BRAIN,
      '--variant',
      'naive',
      '--seeds',
      '1..8',
      '--shard',
      `${k}/${n}`,
      '--format',
      'json',
      '--out',
      join(tmp.dir, `shard-${k}.json`),
      '--no-progress',
      ...extra,
    ]);

  it('merge keeps one regression file per distinct shrunk plan', async () => {
    for (const k of [1, 2]) expect((await shard(k, 2, ['--shrink', 'all'])).code).toBe(0);
    const written = () => readdirSync(tmp.dir).filter((f) => f.endsWith('.yaml'));
    // Each shard shrank its own smallest failing seed to the same plan, and wrote it.
    expect(written()).toEqual(['split-brain-naive-no-stale-writes-seed-1.yaml', 'split-brain-naive-no-stale-writes-seed-2.yaml']);
    const r = await inProcess(['merge', join(tmp.dir, 'shard-1.json'), join(tmp.dir, 'shard-2.json'), '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `faultline merge: kept ${join(tmp.dir, 'split-brain-naive-no-stale-writes-seed-1.yaml')}; removed ${join(tmp.dir, 'split-brain-naive-no-stale-writes-seed-2.yaml')} (the same shrunk plan, from another shard)\n`,
    );
    expect(written()).toEqual(['split-brain-naive-no-stale-writes-seed-1.yaml']);
  });

  it('a missing shard is named as the one missing, not blamed on a file', async () => {
    for (const k of [1, 2, 3]) await shard(k, 4);
    const r = await inProcess(['merge', ...[1, 2, 3].map((k) => join(tmp.dir, `shard-${k}.json`))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^faultline: shard 4\/4 is missing: the files given are shards 1\/4, 2\/4, 3\/4, and merge needs all 4\n/);
  });

  it('JUnit time attributes are the real time the runs took', async () => {
    const r = await inProcess(['sweep', SPLIT_BRAIN, '--seeds', '1..20', '--format', 'junit', '--no-progress']);
    const times = [...r.stdout.matchAll(/<testcase [^>]*time="([^"]+)"/g)].map((m) => Number(m[1]));
    expect(times.length).toBeGreaterThan(0);
    expect(times.every((t) => t > 0)).toBe(true);
  });
});
