/** The command that replays one run exactly, with the scenario path as the user gave it. */
export function reproduceCommand(file: string, variant: string, seed: number): string {
  return `faultline run ${shellQuote(file)} --variant ${shellQuote(variant)} --seed ${seed}`;
}

/** Quotes for POSIX shells only when needed, so the common case pastes back as typed. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
