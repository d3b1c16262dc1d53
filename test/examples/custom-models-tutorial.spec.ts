import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ModelDefinition, parseScenario, sweep } from 'faultline';
import { inProcess } from '../cli/cli.js';

/**
 * docs/custom-models.md's tutorial is runnable as written: its files (the code blocks marked
 * `<!-- tutorial: PATH -->`) are written out inside the repository (so `zod` resolves as in a
 * user's project), and give the verdicts the page shows.
 */
const DIR = 'test-output/custom-models-tutorial';

function writeTutorial(): Record<string, string> {
  const doc = readFileSync('docs/custom-models.md', 'utf8');
  const files: Record<string, string> = {};
  for (const m of doc.matchAll(/<!-- tutorial: (\S+) -->\n```\w+\n([\s\S]*?)```\n/g)) files[m[1]!] = m[2]!;
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(DIR, path)), { recursive: true });
    writeFileSync(join(DIR, path), text);
  }
  return files;
}

describe('docs/custom-models.md tutorial', () => {
  const files = writeTutorial();
  const yaml = join(DIR, 'register.yaml');

  it('has its two files', () => {
    expect(Object.keys(files).sort()).toEqual(['models/register.ts', 'register.yaml']);
  });

  it('faultline run fails linearizable with a stale read; compare finds every cell as expected', async () => {
    const run = await inProcess(['run', yaml]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ linearizable \(safety\) at t=.*\n {4}A read of key-0 returned \d+ at /);
    const compare = await inProcess(['compare', yaml, '--seeds', '1..20']);
    expect(compare.code).toBe(0);
    expect(compare.stdout).toMatch(/any-replica +✗ 0\/20 pass \(expect fail\)/);
    expect(compare.stdout).toMatch(/primary-only +✓ 20\/20 pass \(expect pass\)/);
  });

  it('the vitest snippet works: the module imported and passed as models', async () => {
    const mod = (await import(/* @vite-ignore */ pathToFileURL(resolve(DIR, 'models/register.ts')).href)) as { default: ModelDefinition };
    const models = { './models/register.ts': mod.default };
    const r = parseScenario(readFileSync(yaml, 'utf8'), yaml, { models });
    if (!r.ok) throw new Error(r.issues.map((i) => `${i.line}:${i.column} ${i.message}`).join('\n'));
    const result = sweep(r.scenario, { seeds: Array.from({ length: 20 }, (_, i) => i + 1), models });
    expect(result.ok).toBe(true);
  });
});
