import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAtomic } from '../../bin/write-atomic.js';

describe('writeAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'faultline-write-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every chunk', () => {
    writeAtomic(join(dir, 'r.txt'), ['a', 'b', 'c']);
    expect(readFileSync(join(dir, 'r.txt'), 'utf8')).toBe('abc');
    expect(readdirSync(dir)).toEqual(['r.txt']);
  });

  it('leaves no file, partial or temporary, when rendering fails half-way', () => {
    function* render() {
      yield 'first half\n';
      throw new Error('renderer broke');
    }
    expect(() => writeAtomic(join(dir, 'r.txt'), render())).toThrow('renderer broke');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves an existing report untouched when rendering fails', () => {
    writeFileSync(join(dir, 'r.txt'), 'old report');
    function* render(): Generator<string> {
      yield 'new';
      throw new Error('no');
    }
    expect(() => writeAtomic(join(dir, 'r.txt'), render())).toThrow();
    expect(readFileSync(join(dir, 'r.txt'), 'utf8')).toBe('old report');
    expect(readdirSync(dir)).toEqual(['r.txt']);
  });

  it('replaces an existing report whole', () => {
    writeFileSync(join(dir, 'r.txt'), 'old report, longer than the new one');
    writeAtomic(join(dir, 'r.txt'), ['new']);
    expect(readFileSync(join(dir, 'r.txt'), 'utf8')).toBe('new');
  });
});

describe('stale temporaries of a killed write', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'faultline-write-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are removed by the next write of the same target, only ours and only of dead processes', () => {
    // A pid that cannot be running (beyond Linux's pid_max), one that is (this process's parent), and files not ours.
    const dead = `.r.txt.4194305.0123abcd.tmp`;
    const live = `.r.txt.${process.ppid}.89abcdef.tmp`;
    const others = ['.r.txt.4194305.tmp', '.r.txt.4194305.0123abcd.tmp.bak', '.other.txt.4194305.0123abcd.tmp', 'r.txt.4194305.0123abcd.tmp'];
    for (const f of [dead, live, ...others]) writeFileSync(join(dir, f), 'half a report');
    writeAtomic(join(dir, 'r.txt'), ['whole']);
    expect(readdirSync(dir).sort()).toEqual([live, ...others, 'r.txt'].sort());
    expect(readFileSync(join(dir, 'r.txt'), 'utf8')).toBe('whole');
  });
});
