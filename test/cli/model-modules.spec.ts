import { describe, expect, it } from 'vitest';
import { inProcess, STACK_LINE, tempDir } from './cli.js';

/** Models from modules, as a user meets them on the command line (the built CLI, in this process). */
const FIXTURE = 'test/fixtures/models/counter.yaml';

/** A scenario whose node `bad` names `model`, next to modules written into a temporary directory. */
function withModel(tmp: ReturnType<typeof tempDir>, model: string): string {
  return tmp.file(
    `uses-${model.replace(/\W/g, '_')}.yaml`,
    `name: one-model\nduration: 1s\nnodes:\n  - id: ok\n    model: database\n  - id: bad\n    model: ${model}\nvariants:\n  naive: {}\nchecks:\n  - check: exactly-once\n    effect: charge\n`,
  );
}

describe('models from modules', () => {
  const tmp = tempDir();
  tmp.file('broken.ts', 'export default defineModel({ name: "x",\n  params: , create() {} });\n');
  tmp.file('no-default.mjs', 'export const notDefault = 1;\n');
  tmp.file('not-a-model.mjs', 'export default 42;\n');
  tmp.file('no-create.mjs', "export default { name: 'x', summary: 'y', params: { safeParse: () => ({ success: true, data: {} }) } };\n");
  tmp.file('throws.mjs', "throw new Error('refused to load');\n");

  it('runs a scenario whose nodes name a .ts module (shared by two nodes) and an .mjs one', async () => {
    const r = await inProcess(['run', FIXTURE, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { stats: { ok: number } };
    expect(report.stats.ok).toBeGreaterThan(20);
  });

  it('loads only the custom strategies of the variant being run', async () => {
    // The `other` variant's strategy module throws when imported; `naive` must not import it.
    expect((await inProcess(['run', FIXTURE, '--variant', 'naive'])).code).toBe(0);
    const other = await inProcess(['run', FIXTURE, '--variant', 'other']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/throws-on-import\.mjs.*refused to load/);
  });

  it.each([
    ['./missing.ts', /model module '\.\/missing\.ts' \(.*missing\.ts\) does not exist/],
    ['./broken.ts', /model module '\.\/broken\.ts' \(.*\) does not compile: .*broken\.ts:2:\d+: /],
    ['./no-default.mjs', /has no default export: expected `export default defineModel/],
    ['./not-a-model.mjs', /expected the default export to be defineModel\(\{\.\.\.\}\), found number/],
    ['./no-create.mjs', /has no 'create' function/],
    ['./throws.mjs', /could not be imported: refused to load/],
    ['./model.txt', /is not a \.js, \.mjs or \.ts file/],
  ])('%s: a positioned error at nodes[1].model, exit 2, no stack trace', async (model, message) => {
    const r = await inProcess(['validate', withModel(tmp, model)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:7:12: nodes\[1\]\.model: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it("a model that throws names the node, the time, the event and the user's own .ts line", async () => {
    const r = await inProcess(['run', 'test/fixtures/models/counter-fails.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^model error: the model on node 'a' threw at t=[\d.]+m?s while handling message #\d+ from client-\d: .*counter failed on request 3 \(at .*test\/fixtures\/models\/counter\.ts:20:\d+\)\./,
    );
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('list --models FILE shows the modules the scenario loads beside the built-ins', async () => {
    const r = await inProcess(['list', '--models', FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\.\/counter\.ts +counter: answers each request/m);
    expect(r.stdout).toMatch(/params: step, failOn/);
    expect(r.stdout).toMatch(/^\.\/echo\.mjs +echo:/m);
    expect(r.stdout).toMatch(/^database /m);
  });

  it('a sweep on 2 workers loads the modules in each worker and equals the sweep on 1', async () => {
    const sweep = async (workers: string) => {
      const r = await inProcess(['sweep', FIXTURE, '--variant', 'naive', '--seeds', '1..40', '--workers', workers, '--format', 'json', '--no-progress']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as { digest: string; runs: number };
    };
    const one = await sweep('1');
    const two = await sweep('2');
    expect(two.digest).toBe(one.digest);
  });

  it('replay, demo and every report format run a scenario with module models', async () => {
    const slow = 'test/fixtures/models/counter-slow.yaml';
    const replay = await inProcess(['replay', slow, '--variant', 'naive', '--seed', '2']);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/fast/);
    const demo = await inProcess(['demo', slow, '--variant', 'naive']);
    expect(demo.code).toBe(1);
    expect(demo.stdout).toMatch(/counter-slow/);
    for (const format of ['html', 'junit', 'md']) {
      const out = `${tmp.dir}/report.${format}`;
      const r = await inProcess(['run', slow, '--format', format, '--out', out]);
      expect(r.code, format).toBe(1);
      expect((await import('node:fs')).readFileSync(out, 'utf8')).toMatch(/fast/);
    }
  });

  it('a sweep shrinks a failure of a module model and writes a regression file whose module paths still resolve', async () => {
    const dir = `${tmp.dir}/regressions`;
    const r = await inProcess(['sweep', 'test/fixtures/models/counter-slow.yaml', '--seeds', '1..3', '--shrink', 'all', '--shrink-out', dir, '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/shrunk in \d+ runs?: 2 faults → 1 fault on seed 1/);
    const written = (await import('node:fs')).readdirSync(dir);
    expect(written).toHaveLength(1);
    const again = await inProcess(['run', `${dir}/${written[0]}`]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/✗ fast/);
  });
});
