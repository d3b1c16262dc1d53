import { describe, expect, it } from 'vitest';
import { BLOCKS } from '../../sim/models/blocks/index.js';
import { builtInModels } from '../../sim/models/index.js';
import { bundledFiles, loadBundled } from './bundled.js';

/**
 * Issue 13's rule: a bundled scenario draws its system with the generic building blocks, so the
 * file is the system's whole description. The only other built-in models encode a protocol (a
 * lease, last-write-wins registers, heartbeats), and a new story-specific model fails here.
 */
const PROTOCOLS: Record<string, string[]> = {
  'split-brain.yaml': ['lease-worker', 'lock-service'],
  'lww-clock-skew.yaml': ['lww-replica', 'register-session'],
  'failure-detector.yaml': ['heartbeat-monitor', 'heartbeat-sender'],
};
const blocks = new Set(BLOCKS.map((b) => b.name));

describe('the bundled scenarios on the building blocks', () => {
  it('has no built-in model but the blocks and the protocol models', () => {
    const protocols = Object.values(PROTOCOLS).flat();
    expect(
      builtInModels()
        .map((m) => m.name)
        .filter((m) => !blocks.has(m))
        .sort(),
    ).toEqual(protocols.sort());
  });

  it.each(bundledFiles())('%s uses the blocks and no story-specific model', (file) => {
    const others = [
      ...new Set(
        loadBundled(file)
          .nodes.map((n) => n.model)
          .filter((m) => !blocks.has(m)),
      ),
    ].sort();
    expect(others).toEqual(PROTOCOLS[file] ?? []);
  });
});
