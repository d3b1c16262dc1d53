import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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

const statOf = (path: string) => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};
const writable = (path: string) => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Before any work: can `file` be written as writeOrExit2 will (a temporary file in its directory,
 * renamed over it)? Exit 2 naming the file when it cannot, so a long sweep never runs only to fail
 * at its last step. `--out -` is not special: a file named `-`.
 */
export function checkWritable(file: string | undefined, what: string): void {
  if (file === undefined) return;
  const dir = dirname(resolve(file));
  const fail = (why: string) => {
    throw new InputError([fileIssue(file, `cannot write the ${what} here: ${why}`)]);
  };
  const d = statOf(dir);
  if (d === undefined) fail(`the directory ${dir} does not exist (ENOENT)`);
  else if (!d.isDirectory()) fail(`${dir} is not a directory (ENOTDIR)`);
  else if (!writable(dir)) fail(`the directory ${dir} is not writable (EACCES)`);
  const f = statOf(file);
  if (f?.isDirectory()) fail('it is a directory (EISDIR)');
}

/** The same for a directory of outputs (`--shrink-out`): it exists and is writable, or can be created. */
export function checkWritableDir(dir: string | undefined, what: string): void {
  if (dir === undefined) return;
  const fail = (why: string) => {
    throw new InputError([fileIssue(dir, `cannot write the ${what} here: ${why}`)]);
  };
  // The nearest ancestor that exists must be a writable directory (a missing one is created, as mkdir -p would).
  let at = resolve(dir);
  let st = statOf(at);
  while (st === undefined && dirname(at) !== at) {
    at = dirname(at);
    st = statOf(at);
  }
  if (st === undefined || !st.isDirectory()) fail(`${at} is not a directory (ENOTDIR)`);
  else if (!writable(at)) fail(`the directory ${at} is not writable (EACCES)`);
}
