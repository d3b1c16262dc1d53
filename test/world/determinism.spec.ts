import { describe, expect, it } from 'vitest';
import { World, type Model } from '../../sim/index.js';
import { pingPongWorld } from '../../bench/ping-pong.js';
import { net } from './harness.js';

describe('determinism', () => {
  const digest = (seed: number) => pingPongWorld({ nodes: 10, balls: 3, seed }).run({ untilUs: 2_000_000 }).traceDigest;

  it('the same seed gives the same trace digest', () => {
    expect(digest(42)).toBe(digest(42));
  });

  it('a different seed gives a different trace digest', () => {
    expect(digest(42)).not.toBe(digest(43));
  });

  it('an extra draw on one stream does not shift the draws of another', () => {
    // node-a chats with node-b over a lossy, jittery network; `extra` makes node-c draw from its
    // own stream, which it never uses for anything visible. With one shared generator that draw
    // would shift every latency and loss roll after it.
    const run = (extra: boolean) => {
      const chatty: Model = (ctx) => ({
        onStart() {
          if (ctx.id === 'node-a') for (let i = 0; i < 50; i++) ctx.send('node-b', i);
        },
        onMessage(from, msg) {
          if ((msg as number) < 1000) ctx.send(from, (msg as number) + 100);
        },
      });
      const quiet: Model = (ctx) => ({
        onStart() {
          if (extra) ctx.random.next();
        },
      });
      return new World({
        seed: 9,
        nodes: [
          { id: 'node-a', model: chatty },
          { id: 'node-b', model: chatty },
          { id: 'node-c', model: quiet },
        ],
        network: net({ default: { latency: { dist: 'uniform', min: '1ms', max: '20ms' }, loss: '10%' } }),
      }).run();
    };
    const plain = run(false);
    const withDraw = run(true);
    expect(plain.network.lost).toBeGreaterThan(0);
    expect(withDraw.traceDigest).toBe(plain.traceDigest);
  });
});

describe('the trace digest tells apart runs that differ only in', () => {
  const run = (outcome: 'fail' | 'info', key: string, note: string) =>
    new World({
      seed: 1,
      nodes: [
        {
          id: 'n',
          model: (ctx) => ({
            onStart() {
              const op = ctx.history.invoke('charge', key);
              if (outcome === 'fail') ctx.history.fail(op);
              else ctx.history.info(op);
              ctx.effect('charge', key, { amount: 10 });
              ctx.note(note);
            },
          }),
        },
      ],
    }).run().traceDigest;
  const base = run('fail', 'order-1', 'hello');

  it('an op outcome (fail vs info)', () => expect(run('info', 'order-1', 'hello')).not.toBe(base));
  it('an op or effect key', () => expect(run('fail', 'order-2', 'hello')).not.toBe(base));
  it('a note text of the same length', () => expect(run('fail', 'order-1', 'jello')).not.toBe(base));
});

describe('the deep digest', () => {
  /** Sends one message whose payload is `payload()`: its timing never depends on it. */
  const run = (payload: () => unknown, deepDigest: boolean) => {
    const sender: Model = (ctx) => ({ onStart: () => ctx.send('b', payload()) });
    const world = new World({
      seed: 1,
      nodes: [
        { id: 'a', model: sender },
        { id: 'b', model: () => ({}) },
      ],
      network: net({ default: { latency: { dist: 'constant', value: '1ms' } } }),
      deepDigest,
    });
    return world.run({ untilUs: 1_000_000 });
  };

  it('is off unless asked for, and then the same for the same run', () => {
    expect(run(() => 'x', false).deepDigest).toBeUndefined();
    expect(run(() => ({ n: 1 }), true).deepDigest).toBe(run(() => ({ n: 1 }), true).deepDigest);
  });

  it('catches a payload that differs between two runs when the trace digest cannot', () => {
    const a = run(() => ({ salt: 1 }), true);
    const b = run(() => ({ salt: 2 }), true);
    expect(a.traceDigest).toBe(b.traceDigest);
    expect(a.deepDigest).not.toBe(b.deepDigest);
  });
});
