import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Data flows one way through sim/ (docs/world.md#layers): a folder imports only from folders
 * before it in this list. A new import that points back up fails here, naming the file.
 */
const LAYERS = ['kernel', 'units', 'stats', 'world', 'strategies', 'models', 'checks', 'scenario', 'run', 'sweep'];

const SIM = fileURLToPath(new URL('../../sim/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const folderOf = (file: string): string => relative(SIM, file).split('/')[0]!;

describe('sim/ layers', () => {
  it('every folder of sim/ has its place in the order', () => {
    const folders = readdirSync(SIM, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.filter((f) => !LAYERS.includes(f))).toEqual([]);
  });

  it('no folder imports from a folder after it (so no folder cycle)', () => {
    const wrong: string[] = [];
    for (const file of sources(SIM)) {
      const from = folderOf(file);
      if (!LAYERS.includes(from)) continue; // sim/index.ts, the public barrel, may import anything
      for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const to = folderOf(normalize(join(dirname(file), m[1]!)));
        if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) wrong.push(`${relative(SIM, file)} imports ${m[1]} (${from} → ${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
