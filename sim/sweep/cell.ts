import type { CellStatus } from '../run/compare.js';

/** A cell judged as `compare` judges it (sim/run/compare.ts): expect fail ⇒ some seed failed; otherwise every seed passed. */
export function cellStatus(expected: 'pass' | 'fail' | undefined, failed: number): CellStatus {
  const held = expected === 'fail' ? failed > 0 : failed === 0;
  return held ? 'ok' : expected === undefined ? 'failed' : 'unexpected';
}

/** A failure that makes the sweep fail (exit 1): the check was not expected to fail. */
export const unexpectedFailure = (expected: 'pass' | 'fail' | undefined): boolean => expected !== 'fail';

/** How many failing seeds a report lists per check; the rest are counted. */
export const LISTED_FAILURES = 5;
/** How many errors a report lists per variant. */
export const LISTED_ERRORS = 20;
