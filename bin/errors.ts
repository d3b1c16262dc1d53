import type { ScenarioIssue } from '../sim/scenario/issues.js';

/** Bad input found by a command: reported as issues, exit 2. */
export class InputError extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(issues[0]?.message ?? 'bad input');
    this.name = 'InputError';
  }
}

/** A flag or argument that makes no sense: one line and a pointer to --help, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An input problem about a whole file (or a flag naming one), with no position inside it. */
export const fileIssue = (file: string, message: string): ScenarioIssue => ({ file, path: [], message });
