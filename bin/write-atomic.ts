import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a report whole or not at all: into a temporary file beside the target (same directory,
 * so the rename cannot cross file systems), flushed, then renamed over it. If producing a chunk
 * throws, or a write fails, the temporary file is removed and the target is untouched. A write
 * killed outright (`kill -9`, a power cut) leaves its temporary file behind: the next write of the
 * same target removes those of ours whose process is gone.
 */
export function writeAtomic(file: string, chunks: Iterable<string>): void {
  const dir = dirname(file);
  removeStaleTemporaries(dir, basename(file));
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx');
  let open = true;
  try {
    for (const chunk of chunks) writeSync(fd, chunk);
    fsyncSync(fd);
    closeSync(fd);
    open = false;
    renameSync(tmp, file);
  } catch (e) {
    if (open) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Whether process `pid` is alive (on this machine): signal 0 only checks. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, as another user's.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Our temporaries for `name` (`.name.PID.8hex.tmp`, exactly as writeAtomic names them) left by a
 * process that is no longer running. Nothing else is touched; a directory we cannot list or a
 * file we cannot remove is left as it is (the write itself reports what matters).
 */
export function removeStaleTemporaries(dir: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `.${name}.`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const m = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(entry.slice(prefix.length));
    if (m === null) continue;
    const pid = Number(m[1]);
    // This process writes one file at a time: one of its own names is a leftover too.
    if (pid !== process.pid && alive(pid)) continue;
    try {
      rmSync(join(dir, entry), { force: true });
    } catch {
      /* not ours to fight over */
    }
  }
}
