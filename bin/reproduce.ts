/**
 * The command that starts faultline as the README installs it (`npm ci`, then `npx faultline`):
 * every reproducer line a report prints begins with it, so it pastes into a shell and runs.
 */
export const CLI_COMMAND = 'npx faultline';

/** The command that replays one run exactly, with the scenario path as the user gave it. */
export function reproduceCommand(file: string, variant: string, seed: number): string {
  return `${CLI_COMMAND} run ${shellQuote(file)} --variant ${shellQuote(variant)} --seed ${seed}`;
}

/** Quotes for POSIX shells only when needed, so the common case pastes back as typed. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
