import { networkSchema, World, type Model, type TraceSink } from '../sim/index.js';

/**
 * The ping-pong model: 100 nodes, every message delivered after a uniform 1–10 ms
 * latency with 1 % loss, the receiver replies. Each node keeps `balls` pings in flight.
 */
export function pingPongWorld(opts: { nodes: number; balls: number; seed: number; trace?: TraceSink }): World {
  const ids = Array.from({ length: opts.nodes }, (_, i) => `n${i}`);
  const model: Model = (ctx) => {
    // Ball b is a ping (b) or a pong (-b - 1); a ball not seen for 50 ms (over twice the
    // worst round trip) was lost and is sent again, so exactly `balls` stay in flight.
    const lastSentUs = new Float64Array(opts.balls);
    const ping = (ball: number) => {
      lastSentUs[ball] = ctx.monotonic();
      ctx.send(ids[Math.floor(ctx.random.next() * ids.length)]!, ball);
    };
    const resendLost = () => {
      const now = ctx.monotonic();
      for (let b = 0; b < opts.balls; b++) if (now - lastSentUs[b]! >= 50_000) ping(b);
      ctx.setTimer(100_000);
    };
    return {
      onStart() {
        for (let b = 0; b < opts.balls; b++) ping(b);
        ctx.setTimer(100_000);
      },
      onTimer: resendLost,
      onMessage(from, msg) {
        const ball = msg as number;
        if (ball >= 0) ctx.send(from, -ball - 1);
        else ping(-ball - 1);
      },
    };
  };
  return new World({
    seed: opts.seed,
    nodes: ids.map((id) => ({ id, model })),
    network: networkSchema.parse({ default: { latency: { dist: 'uniform', min: '1ms', max: '10ms' }, loss: '1%' } }),
    ...(opts.trace ? { trace: opts.trace } : {}),
  });
}
