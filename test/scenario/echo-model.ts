import { z } from 'zod';
import { defineModel, isRequest, reply } from '../../sim/index.js';

/** Answers every request ok at once; `served` effects say who served what, for whom, and when. */
const echo = defineModel({
  name: 'test-echo',
  summary: 'answers ok',
  params: z.strictObject({}),
  create: () => (ctx) => ({
    onMessage(from, msg) {
      if (!isRequest(msg)) return;
      ctx.effect('served', msg.key, { by: ctx.id, from, f: msg.f, value: msg.value });
      reply(ctx, from, msg, { ok: true });
    },
  }),
});

/** The model table scenario tests pass: a node with `model: ./echo.ts` is the echo. */
export const echoModels = { './echo.ts': echo };
