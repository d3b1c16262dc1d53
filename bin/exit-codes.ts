/**
 * The exit-code contract (docs/cli.md). CI keys on these, so they never change meaning.
 * - 0: every check held (`compare`: every cell is as its variant's `expect` says)
 * - 1: a check failed (`compare`: a cell differs from `expect`, or failed with none), or a model threw
 * - 2: bad input or usage: a scenario file that does not load, an unknown flag, variant or seed syntax
 * - 3: faultline itself failed (a bug: please report it with FAULTLINE_DEBUG=1 output)
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  badInput: 2,
  internal: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
