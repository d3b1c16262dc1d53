import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Runs the built CLI (`npm test` builds first) as a user would, from the repository root. */
export function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const base = { ...process.env };
  // A test decides about colour itself.
  delete base.FORCE_COLOR;
  delete base.NO_COLOR;
  const r = spawnSync(process.execPath, ['bin/faultline.js', ...args], { encoding: 'utf8', env: { ...base, ...env } as NodeJS.ProcessEnv });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const SCENARIO = 'scenarios/duplicate-payment.yaml';

/** A fresh temporary directory, removed after the file's tests. */
export function tempDir(): { dir: string; file(name: string, content: string | Buffer): string } {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
  };
}

/** A stack trace line: never shown to users unless FAULTLINE_DEBUG=1. */
export const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;
