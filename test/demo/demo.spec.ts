import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, inProcess } from '../cli/cli.js';

/**
 * `faultline demo` as a person uses it: in a real terminal (tmux, a pseudo-terminal with a
 * screen we can read), pressing keys; and piped, where the whole story prints at once.
 */
const SPLIT = 'scenarios/split-brain.yaml';
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `faultline-demo-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faultline demo, piped', () => {
  // End to end, spawned: the demo command. The terminal tests below are spawned too (in tmux).
  it('prints the whole narrated timeline at once: beliefs beside the truth, the story, the violation, the verdict', () => {
    const r = cli(['demo', SPLIT, '--variant', 'naive']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('\u001b[');
    expect(r.stdout).toMatch(/│ believes {2}worker-1 {2}believes it leads with token 1 {2}\[frozen \(GC\) since t=3s/);
    expect(r.stdout).toMatch(/│ truth {5}lock {6}grant leader \(×2\): holder worker-2, token 2/);
    expect(r.stdout).toContain('▌ worker-1 wakes up. Does it look at its clock before it writes?');
    expect(r.stdout).toContain('t=13s       worker-1 → storage: put leader');
    expect(r.stdout).toContain('storage: write leader took effect (holder worker-1, token 1)');
    expect(r.stdout).toContain('✗ t=13.003s  no-stale-writes (safety) is violated');
    expect(r.stdout).toContain('FAIL  1 of 1 check failed (split-brain, variant naive, seed 1)');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`Replay it: npx faultline run ${SPLIT} --variant naive --seed 1`);
  });

  it('ends with PASS for a fixed variant', async () => {
    const r = await inProcess(['demo', SPLIT, '--variant', 'fencing']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('refuses a put of leader from worker-1');
    expect(r.stdout).toContain('PASS  all 1 check held');
  });

  it('refuses a speed that is not above 0', async () => {
    const r = await inProcess(['demo', SPLIT, '--speed', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--speed must be a number above 0');
  });
});

describe.skipIf(!hasTmux && !process.env.CI)('faultline demo in a terminal (tmux)', () => {
  afterAll(() => {
    if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server']);
  });

  function start(name: string, args: string): void {
    if (!hasTmux) throw new Error('tmux is missing: the terminal tests need it. .ci/run installs it (apt-get install -y tmux).');
    // The shell keeps the pane open after the demo ends, so its last screen and exit code can be read.
    tmux('new-session', '-d', '-s', name, '-x', '150', '-y', '50', `NO_COLOR=1 node bin/faultline.js demo ${args}; echo "EXIT=$?"; sleep 60`);
  }
  const screen = (name: string) => tmux('capture-pane', '-p', '-J', '-S', '-3000', '-t', name);
  async function waitFor(name: string, text: string, pressing?: string): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const s = screen(name);
      if (s.includes(text)) return s;
      if (pressing !== undefined) tmux('send-keys', '-t', name, pressing);
      await sleep(100);
    }
    throw new Error(`'${text}' never appeared on the screen:\n${screen(name)}`);
  }

  it('--step shows one moment per key press, beliefs beside the truth, and ends with the verdict', async () => {
    start('step', `${SPLIT} --variant naive --step`);
    const first = await waitFor('step', '[any key: next moment · q: quit]');
    expect(first).toContain('Press any key for the next moment, q to quit.');
    expect(first).not.toContain('FAIL');
    const last = await waitFor('step', 'EXIT=', 'Space');
    expect(last).toMatch(/│ believes {2}worker-1 {2}believes it leads with token 1/);
    expect(last).toMatch(/│ truth {5}lock {6}grant leader \(×2\): holder worker-2, token 2/);
    expect(last).toContain('▌ worker-1 stops the world for garbage collection.');
    expect(last).toContain('✗ t=13.003s  no-stale-writes (safety) is violated');
    expect(last).toContain('FAIL  1 of 1 check failed (split-brain, variant naive, seed 1)');
    expect(last).toContain('EXIT=1');
  });

  it('q stops a --step demo early', async () => {
    start('quit', `${SPLIT} --variant naive --step`);
    await waitFor('quit', '[any key: next moment · q: quit]');
    tmux('send-keys', '-t', 'quit', 'q');
    const s = await waitFor('quit', 'EXIT=');
    expect(s).toContain('(stopped)');
    expect(s).not.toContain('FAIL  1 of 1');
  });

  it('plays at a pace on a terminal and gets to the verdict', async () => {
    start('paced', `${SPLIT} --variant naive --speed 1000`);
    const s = await waitFor('paced', 'EXIT=');
    expect(s).toContain('worker-1 paused (GC)');
    expect(s).toContain('FAIL  1 of 1 check failed');
  });
});
