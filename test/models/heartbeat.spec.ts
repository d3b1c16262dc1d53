import { describe, expect, it } from 'vitest';
import { heartbeatMonitor, heartbeatSender } from '../../sim/models/heartbeat.js';
import { constantNet, faults, type net, runWorld } from '../world/harness.js';

function run(monitorParams: Record<string, unknown>, opts: { faults?: Parameters<typeof faults>[0]; network?: ReturnType<typeof net> } = {}) {
  const env = { nodes: [] };
  const { result, trace } = runWorld({
    nodes: [
      { id: 'primary', model: heartbeatSender.create(heartbeatSender.params.parse({ every: '250ms' }), env) },
      { id: 'monitor', model: heartbeatMonitor.create(heartbeatMonitor.params.parse({ watch: 'primary', ...monitorParams }), env) },
    ],
    network: opts.network ?? constantNet('2ms'),
    faults: faults(opts.faults ?? []),
    untilUs: 10_000_000,
  });
  return { suspects: result.effects.filter((e) => e.kind === 'suspect'), trace };
}

describe('heartbeat-monitor', () => {
  it('does not suspect a node whose heartbeats keep coming', () => {
    expect(run({ detector: { type: 'fixed-timeout', timeout: '600ms' } }).suspects).toEqual([]);
  });

  it('records one suspect effect per suspicion, keyed by the watched node, soon after a crash', () => {
    const { suspects } = run({ detector: { type: 'fixed-timeout', timeout: '600ms' } }, { faults: [{ kind: 'crash', node: 'primary', at: '5s' }] });
    expect(suspects).toHaveLength(1);
    expect(suspects[0]).toMatchObject({ node: 'monitor', key: 'primary', value: { by: 'monitor' } });
    expect(suspects[0]!.time - 5_000_000).toBeLessThanOrEqual(600_000);
  });

  it('suspects a paused node, trusts it again when its heartbeats resume, and counts each flap', () => {
    const { suspects, trace } = run(
      { detector: { type: 'fixed-timeout', timeout: '600ms' } },
      {
        faults: [
          { kind: 'pause', node: 'primary', at: '2s', duration: '1s' },
          { kind: 'pause', node: 'primary', at: '6s', duration: '1s' },
        ],
      },
    );
    expect(suspects.map((s) => (s.time > 2_000_000 && s.time < 3_100_000 ? 'first' : s.time > 6_000_000 && s.time < 7_100_000 ? 'second' : 'other'))).toEqual([
      'first',
      'second',
    ]);
    expect(trace.filter((e) => e.type === 'note' && e.text.startsWith('hears from primary again'))).toHaveLength(2);
  });

  it('delivers heartbeats in order: one late heartbeat holds back the ones behind it (TCP head-of-line blocking)', () => {
    // Every message from the primary between 2 s and 2.01 s (one heartbeat) takes 1.2 s; later ones 2 ms.
    const spike = {
      kind: 'latency' as const,
      from: ['primary'],
      to: ['monitor'],
      at: '2s',
      duration: '10ms',
      latency: { dist: 'constant' as const, value: '1200ms' },
    };
    const timeout = { type: 'fixed-timeout', timeout: '1s' };
    expect(run({ detector: timeout }, { faults: [spike] }).suspects).toHaveLength(1);
    expect(run({ detector: timeout, inOrder: false }, { faults: [spike] }).suspects).toEqual([]);
  });

  it('trusts a restarted sender again: its heartbeats number from 1 on a new connection', () => {
    const { suspects, trace } = run(
      { detector: { type: 'fixed-timeout', timeout: '600ms' } },
      { faults: [{ kind: 'crash', node: 'primary', at: '3s', duration: '1s' }] },
    );
    expect(suspects).toHaveLength(1);
    expect(trace.filter((e) => e.type === 'note' && e.node === 'monitor' && e.text.startsWith('hears from primary again')).length).toBe(1);
  });

  it('phi accrual: its suspect effects carry the phi value that crossed the threshold', () => {
    const { suspects } = run(
      { detector: { type: 'phi-accrual', threshold: 8, minStdDeviation: '100ms', acceptableHeartbeatPause: '0s', firstHeartbeatEstimate: '250ms' } },
      { faults: [{ kind: 'crash', node: 'primary', at: '5s' }] },
    );
    expect(suspects).toHaveLength(1);
    expect((suspects[0]!.value as { phi: number }).phi).toBeGreaterThanOrEqual(8);
  });
});
