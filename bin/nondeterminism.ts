import { ExplainedFailure } from './action.js';

/**
 * A replay whose digest differs from its run: the same seed did not give the same run. The
 * engine is deterministic, so the usual cause is code of the user's (a custom strategy) reading
 * real time, `Math.random` or state kept between runs: explained, and a failure (exit 1).
 */
export function nondeterminism(reproduce: string, replayDigest: string, runDigest: string): ExplainedFailure {
  const text =
    `faultline: the same seed gave two different runs: ${reproduce} produced trace digest ${runDigest}, then ${replayDigest}. ` +
    `Something in the run is not deterministic: usually a custom strategy or model that reads the real clock (Date.now, performance.now), ` +
    `calls Math.random, or keeps state in its module between runs. Use the env it is given (env.now, env.random) instead.\n`;
  return new ExplainedFailure(text, new Error('trace digests differ'));
}
