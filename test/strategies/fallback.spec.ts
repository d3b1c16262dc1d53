import { describe, expect, it } from 'vitest';
import { fallbackPolicy, fallbackSchema } from '../../sim/strategies/fallback.js';
import { err, ok, scripted, start, TestEnv } from './harness.js';

const run = (over: Record<string, unknown>, outcome: Parameters<typeof scripted>[1][number]['outcome']) => {
  const env = new TestEnv();
  const s = scripted(env, [{ latencyUs: 1, outcome }]);
  const got = start(env, fallbackPolicy(fallbackSchema.parse({ type: 'fallback', ...over }))(s.call));
  env.runAll();
  return got.outcomes;
};

describe('fallback', () => {
  it('answers a failure with the substitute, marked as a fallback', () => {
    expect(run({ value: 'payment pending' }, err())).toEqual([{ kind: 'ok', value: 'payment pending', fallback: 'payment pending' }]);
    expect(run({ value: { status: 'queued' }, label: 'queued' }, { kind: 'timeout' })).toEqual([
      { kind: 'ok', value: { status: 'queued' }, fallback: 'queued' },
    ]);
  });

  it('passes a real answer through untouched', () => {
    expect(run({ value: 'x' }, ok('real'))).toEqual([ok('real')]);
  });

  it('only handles the kinds listed in `on`', () => {
    expect(run({ value: 'x', on: ['timeout'] }, err())).toEqual([err()]);
  });
});
