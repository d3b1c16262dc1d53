import { fileIssue, InputError } from './errors.js';
import { writeAtomic } from './write-atomic.js';

/** writeAtomic, with a file system refusal (no such directory, no permission) as bad input: exit 2 naming the file. */
export function writeOrExit2(file: string, chunks: Iterable<string>, what: string): void {
  try {
    writeAtomic(file, chunks);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    throw new InputError([fileIssue(file, `cannot write the ${what} here (${code})`)]);
  }
}
