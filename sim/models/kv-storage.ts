import { z } from 'zod';
import { FencingGuard } from '../strategies/fencing.js';
import { defineModel } from './registry.js';
import { isRequest, reply } from './rpc.js';

/**
 * Shared storage that workers write to. With `fencing: true` it remembers the highest fencing
 * token it has seen and rejects writes carrying a lower one. Every write it accepts is a
 * `write` effect `{ holder, token, data }`, and reads answer with the stored value.
 */
export const kvStorage = defineModel({
  name: 'kv-storage',
  summary: 'key-value storage; with fencing: true it rejects writes with a stale fencing token',
  params: z.strictObject({ fencing: z.boolean().default(false) }),
  create: (p) => (ctx) => {
    const guard = new FencingGuard(ctx.disk);
    return {
      onMessage(from, msg) {
        if (!isRequest(msg)) return;
        if (msg.f === 'read') return reply(ctx, from, msg, { ok: true, value: ctx.disk.read(`data/${msg.key}`) });
        if (msg.f !== 'write') return reply(ctx, from, msg, { ok: false, error: `unknown operation '${msg.f}'` });
        const w = msg.value as { holder?: string; token?: number; data?: unknown } | undefined;
        if (p.fencing && !guard.check(w?.token ?? 0)) {
          ctx.note(`rejects a write from ${from}: token ${w?.token ?? 0} is older than ${guard.highestSeen}`);
          return reply(ctx, from, msg, { ok: false, error: `stale fencing token ${w?.token ?? 0} < ${guard.highestSeen}` });
        }
        ctx.disk.write(`data/${msg.key}`, msg.value);
        ctx.disk.fsync();
        ctx.effect('write', msg.key, msg.value);
        reply(ctx, from, msg, { ok: true });
      },
    };
  },
});
