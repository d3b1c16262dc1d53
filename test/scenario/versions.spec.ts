import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/load.js';

const scenario = (extra: string) => `name: v
duration: 5s
nodes:
  - id: pg
    model: service
variants:
  naive: {}
checks:
  - check: exactly-once
${extra}`;

describe('versions and deploys', () => {
  it('a deploy naming a version the scenario does not define is refused at faults[i].version, with did-you-mean', () => {
    const r = parseScenario(scenario('versions:\n  v2: { params: {} }\nfaults:\n  - { kind: deploy, at: 1s, nodes: [pg], version: v3 }\n'), 'v.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ path: ['faults', 0, 'version'], message: "no version named 'v3'; did you mean 'v2'? (versions: v2)" });
  });

  it("a version's params are checked against the model of every node a deploy sends it to", () => {
    const r = parseScenario(
      scenario('versions:\n  v2: { params: { serviceTme: 5ms } }\nfaults:\n  - { kind: deploy, at: 1s, nodes: [pg], version: v2 }\n'),
      'v.yaml',
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues[0]).toMatchObject({
        path: ['versions', 'v2', 'params', 'serviceTme'],
        message: expect.stringMatching(/^unknown field 'serviceTme'; did you mean 'serviceTime'\?/),
      });
  });

  it('repeat: occurrences may not overlap', () => {
    const r = parseScenario(scenario('faults:\n  - { kind: pause, node: pg, at: 1s, duration: 2s, repeat: { every: 1s, count: 3 } }\n'), 'v.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues[0]).toMatchObject({
        path: ['faults', 0, 'repeat', 'every'],
        message: "repeat.every (1s) is shorter than the fault's duration (2s): occurrences would overlap",
      });
  });
});
