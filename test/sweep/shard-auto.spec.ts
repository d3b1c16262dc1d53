import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseShard } from '../../bin/sweep/flags.js';
import { inProcess, SCENARIO, tempDir } from '../cli/cli.js';

/** Every variable `--shard auto` reads, unset: the test process may itself run on a CI runner. */
const NONE = {
  CI_NODE_INDEX: undefined,
  CI_NODE_TOTAL: undefined,
  CIRCLE_NODE_INDEX: undefined,
  CIRCLE_NODE_TOTAL: undefined,
  BUILDKITE_PARALLEL_JOB: undefined,
  BUILDKITE_PARALLEL_JOB_COUNT: undefined,
  JOB_COMPLETION_INDEX: undefined,
};

const auto = (env: Record<string, string>, text = 'auto') => parseShard(text, env);
const autoError = (env: Record<string, string>, text = 'auto') => {
  try {
    auto(env, text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('--shard auto', () => {
  it("reads each runner's variables, as a 1-based K/N", () => {
    expect(auto({ CI_NODE_INDEX: '1', CI_NODE_TOTAL: '4' })).toEqual({ index: 1, count: 4 });
    expect(auto({ CI_NODE_INDEX: '4', CI_NODE_TOTAL: '4' })).toEqual({ index: 4, count: 4 });
    expect(auto({ CIRCLE_NODE_INDEX: '0', CIRCLE_NODE_TOTAL: '3' })).toEqual({ index: 1, count: 3 });
    expect(auto({ CIRCLE_NODE_INDEX: '2', CIRCLE_NODE_TOTAL: '3' })).toEqual({ index: 3, count: 3 });
    expect(auto({ BUILDKITE_PARALLEL_JOB: '5', BUILDKITE_PARALLEL_JOB_COUNT: '8' })).toEqual({ index: 6, count: 8 });
    expect(auto({ JOB_COMPLETION_INDEX: '0' }, 'auto/10')).toEqual({ index: 1, count: 10 });
    expect(auto({ JOB_COMPLETION_INDEX: '9' }, 'auto/10')).toEqual({ index: 10, count: 10 });
    // auto/N agreeing with the runner's own count, and two runners that agree.
    expect(auto({ CI_NODE_INDEX: '2', CI_NODE_TOTAL: '4' }, 'auto/4')).toEqual({ index: 2, count: 4 });
    expect(auto({ CI_NODE_INDEX: '2', CI_NODE_TOTAL: '4', JOB_COMPLETION_INDEX: '1' }, 'auto/4')).toEqual({ index: 2, count: 4 });
  });

  it('fails naming the variables it looked for when none is set or they are inconsistent', () => {
    const none = autoError({});
    expect(none).toMatch(/^--shard auto: none of the shard variables is set; it reads /);
    for (const name of [
      'CI_NODE_INDEX',
      'CI_NODE_TOTAL',
      'CIRCLE_NODE_INDEX',
      'CIRCLE_NODE_TOTAL',
      'BUILDKITE_PARALLEL_JOB',
      'BUILDKITE_PARALLEL_JOB_COUNT',
      'JOB_COMPLETION_INDEX',
    ])
      expect(none).toContain(name);
    expect(none).not.toContain('\n');
    expect(autoError({ JOB_COMPLETION_INDEX: '3' })).toMatch(/JOB_COMPLETION_INDEX is set .* give it as --shard auto\/N/);
    expect(autoError({ CI_NODE_INDEX: '2' })).toMatch(/CI_NODE_INDEX is set but CI_NODE_TOTAL is not/);
    expect(autoError({ CIRCLE_NODE_TOTAL: '2' })).toMatch(/CIRCLE_NODE_TOTAL is set but CIRCLE_NODE_INDEX is not/);
    expect(autoError({ CI_NODE_INDEX: '0', CI_NODE_TOTAL: '4' })).toMatch(/CI_NODE_INDEX is 0: for 4 shards GitLab CI counts from 1 to 4/);
    expect(autoError({ CIRCLE_NODE_INDEX: '3', CIRCLE_NODE_TOTAL: '3' })).toMatch(/counts from 0 to 2/);
    expect(autoError({ BUILDKITE_PARALLEL_JOB: 'x', BUILDKITE_PARALLEL_JOB_COUNT: '2' })).toMatch(/BUILDKITE_PARALLEL_JOB is 'x', not a whole number/);
    expect(autoError({ CI_NODE_INDEX: '1', CI_NODE_TOTAL: '4' }, 'auto/3')).toMatch(/CI_NODE_TOTAL is 4 but auto\/3 says 3 shards/);
    expect(autoError({ CI_NODE_INDEX: '1', CI_NODE_TOTAL: '4', CIRCLE_NODE_INDEX: '1', CIRCLE_NODE_TOTAL: '4' })).toMatch(
      /CI_NODE_INDEX\/CI_NODE_TOTAL say shard 1\/4 but CIRCLE_NODE_INDEX\/CIRCLE_NODE_TOTAL say 2\/4/,
    );
    expect(autoError({ JOB_COMPLETION_INDEX: '0' }, 'auto/0')).toMatch(/expected N from 1 to 1000/);
  });

  it('four shards from the environment, merged, equal the unsharded sweep (digest and counts)', async () => {
    const t = tempDir();
    const seeds = ['--seeds', '1..40', '--workers', '2', '--no-progress', '--format', 'json'];
    const whole = await inProcess(['sweep', SCENARIO, ...seeds], NONE);
    expect(whole.code, whole.stderr).toBe(0);
    // One runner's variables per shard: a CI matrix and a Kubernetes Indexed Job give the same split.
    const envs: [string[], Record<string, string>][] = [
      [['auto'], { CI_NODE_INDEX: '1', CI_NODE_TOTAL: '4' }],
      [['auto'], { CIRCLE_NODE_INDEX: '1', CIRCLE_NODE_TOTAL: '4' }],
      [['auto'], { BUILDKITE_PARALLEL_JOB: '2', BUILDKITE_PARALLEL_JOB_COUNT: '4' }],
      [['auto/4'], { JOB_COMPLETION_INDEX: '3' }],
    ];
    const files: string[] = [];
    for (const [i, [[flag], env]] of envs.entries()) {
      const out = `${t.dir}/shard-${i + 1}.json`;
      const r = await inProcess(['sweep', SCENARIO, ...seeds, '--shard', flag!, '--out', out], { ...NONE, ...env });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(readFileSync(out, 'utf8')).shard).toEqual({ index: i + 1, count: 4 });
      files.push(out);
    }
    const merged = await inProcess(['merge', ...files, '--format', 'json'], NONE);
    expect(merged.code, merged.stderr).toBe(0);
    const a = JSON.parse(whole.stdout);
    const b = JSON.parse(merged.stdout);
    expect(b.digest).toBe(a.digest);
    expect(b.seedCount).toBe(40);
    expect(b.variants).toEqual(a.variants);
    expect(b.shard).toBeNull();
  });

  it('none set: exit 2, one paragraph naming the variables, nothing run', async () => {
    const r = await inProcess(['sweep', SCENARIO, '--seeds', '1..4', '--shard', 'auto', '--no-progress'], NONE);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--shard auto: none of the shard variables is set; it reads GitLab CI_NODE_INDEX\/CI_NODE_TOTAL/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const map = await inProcess(['map', SCENARIO, '--param', 'x=1', '--shard', 'auto', '--no-progress'], NONE);
    expect(map.code).toBe(2);
    expect(map.stderr).toMatch(/^faultline: --shard auto: none of the shard variables is set/);
  });
});

describe('--seeds with --shard', () => {
  it('allows up to 100 000 seeds a shard, and says so past it', async () => {
    const r = await inProcess(['sweep', SCENARIO, '--seeds', '1..400001', '--shard', '1/4', '--no-progress'], NONE);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--seeds: more than 400000 seeds for this shard split (at most 100000 a shard, 10000000 in all)');
    const whole = await inProcess(['sweep', SCENARIO, '--seeds', '1..100001', '--no-progress'], NONE);
    expect(whole.code).toBe(2);
    expect(whole.stderr).toContain('split a bigger sweep with --shard');
  });
});
