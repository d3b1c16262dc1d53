/** How a cell of the verdict matrix (a variant × a check over seeds) stands against its `expect:`. */
export type CellStatus = 'ok' | 'unexpected' | 'failed';

/** A cell judged as `compare` and `sweep` judge it: expect fail ⇒ some seed failed; otherwise every seed passed. */
export function cellStatus(expected: 'pass' | 'fail' | undefined, failed: number): CellStatus {
  const held = expected === 'fail' ? failed > 0 : failed === 0;
  return held ? 'ok' : expected === undefined ? 'failed' : 'unexpected';
}

/** A failure that makes the run or sweep fail (exit 1): the check was not expected to fail. */
export const unexpectedFailure = (expected: 'pass' | 'fail' | undefined): boolean => expected !== 'fail';
