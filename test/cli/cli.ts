import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { afterAll, expect } from 'vitest';

/** Runs the built CLI (`npm test` builds first) as a user would, from the repository root. */
export function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const base = { ...process.env };
  // A test decides about colour itself.
  delete base.FORCE_COLOR;
  delete base.NO_COLOR;
  const r = spawnSync(process.execPath, ['bin/faultline.js', ...args], { encoding: 'utf8', env: { ...base, ...env } as NodeJS.ProcessEnv });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type CliModule = typeof import('../../bin/cli.js');
let built: Promise<CliModule> | undefined;
let busy = false;

/**
 * The same built CLI as `cli`, called in this process: no Node start-up per call. Sweeps still
 * run on worker threads (the compiled dist/bin/sweep/worker.js). Output is captured from
 * process.stdout/stderr (and console, which yargs prints help with), the exit code is the
 * process.exitCode the command set, reset afterwards. Output is not a terminal (as when piped),
 * and FORCE_COLOR is refused: chalk reads colour support once, at import, so colour is tested
 * with `cli`. One call at a time.
 */
export async function inProcess(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  if ('FORCE_COLOR' in env) throw new Error('inProcess: chalk reads FORCE_COLOR at import; test colour with the spawned cli()');
  if (busy) throw new Error('inProcess: one call at a time (it captures process-wide output)');
  busy = true;
  const out: string[] = [];
  const err: string[] = [];
  const restore: (() => void)[] = [];
  const replace = <T extends object, K extends keyof T>(target: T, key: K, value: T[K]) => {
    const had = Object.hasOwn(target, key);
    const before = Object.getOwnPropertyDescriptor(target, key);
    Object.defineProperty(target, key, { value, configurable: true, writable: true });
    restore.push(() => {
      if (had && before) Object.defineProperty(target, key, before);
      else delete target[key];
    });
  };
  const capture =
    (into: string[]) => (chunk: string | Uint8Array, encoding?: BufferEncoding | ((e?: Error | null) => void), callback?: (e?: Error | null) => void) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8'));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (done) queueMicrotask(() => done(null));
      return true;
    };
  const line =
    (into: string[]) =>
    (...a: unknown[]) =>
      into.push(`${format(...a)}\n`);

  const savedEnv = {
    FORCE_COLOR: process.env.FORCE_COLOR,
    NO_COLOR: process.env.NO_COLOR,
    ...Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]])),
  };
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  const listeners = { stdout: process.stdout.listeners('error'), stderr: process.stderr.listeners('error') };
  const exitCodeBefore = process.exitCode;
  try {
    // A path in a variable: the compiled module is loaded at run time, typed by its source.
    const path = '../../dist/bin/cli.js';
    built ??= import(/* @vite-ignore */ path) as Promise<CliModule>;
    const { runCli } = await built;
    // A test decides about colour itself, as with cli().
    setEnv({ FORCE_COLOR: undefined, NO_COLOR: undefined, ...env });
    for (const [stream, into] of [
      [process.stdout, out],
      [process.stderr, err],
    ] as const) {
      replace(stream, 'write', capture(into) as typeof stream.write);
      replace(stream, 'isTTY', false as never);
      replace(stream, 'columns', undefined as never);
    }
    replace(console, 'log', line(out));
    replace(console, 'info', line(out));
    replace(console, 'error', line(err));
    replace(console, 'warn', line(err));
    process.exitCode = undefined;
    await runCli(args);
    const code = process.exitCode ?? 0;
    return { code: typeof code === 'number' ? code : Number(code), stdout: out.join(''), stderr: err.join('') };
  } finally {
    for (const undo of restore.reverse()) undo();
    // A piped demo listens for EPIPE on stdout: not past its call.
    for (const stream of ['stdout', 'stderr'] as const) {
      for (const l of process[stream].listeners('error')) if (!listeners[stream].includes(l)) process[stream].off('error', l as (e: Error) => void);
    }
    setEnv(savedEnv);
    process.exitCode = exitCodeBefore;
    busy = false;
  }
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

/** Runs the CLI in-process on bad input: exit 2, nothing on stdout, no stack trace; returns stderr. */
export async function rejects(args: string[]): Promise<string> {
  const r = await inProcess(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(STACK_LINE);
  return r.stderr;
}
