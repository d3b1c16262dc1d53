import { ModelError } from '../sim/world/model.js';
import { InputError, UsageError } from './errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { printIssues } from './output.js';
import { escapeControl, safeForTerminal } from '../reports/terminal-text.js';

/**
 * Wraps a command handler: its result is the exit code, and every error it throws becomes a clear
 * message and its exit code. No stack traces unless FAULTLINE_DEBUG=1.
 */
export function action<A>(fn: (args: A) => ExitCode | Promise<ExitCode>): (args: A) => Promise<void> {
  return async (args) => {
    try {
      process.exitCode = await fn(args);
    } catch (e) {
      process.exitCode = reportError(e);
    }
  };
}

/** A run that ended in a model error, already explained (the command knows the replay line). */
export class ExplainedFailure extends Error {
  constructor(
    readonly text: string,
    override readonly cause: unknown,
  ) {
    super(text);
  }
}

const debug = () => process.env.FAULTLINE_DEBUG === '1';

export function reportError(e: unknown): ExitCode {
  if (e instanceof InputError) {
    printIssues(e.issues);
    return EXIT.badInput;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`faultline: ${escapeControl(e.message)}\nRun 'faultline --help' for usage.\n`);
    return EXIT.badInput;
  }
  if (e instanceof ExplainedFailure) {
    process.stderr.write(safeForTerminal(e.text));
    const cause = e.cause instanceof ModelError ? e.cause.cause : e.cause;
    if (debug() && cause instanceof Error) process.stderr.write(`${cause.stack}\n`);
    return EXIT.failed;
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(
    `faultline: internal error: ${escapeControl(msg)}\nThis is a bug in faultline; please report it${debug() ? '' : ' with the output of FAULTLINE_DEBUG=1'}.\n`,
  );
  if (debug() && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return EXIT.internal;
}
