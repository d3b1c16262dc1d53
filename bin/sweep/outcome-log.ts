import { deserialize, serialize } from 'node:v8';
import type { SeedOutcome } from '../../sim/sweep/types.js';

/**
 * A worker's finished runs, in shared memory: the worker appends each outcome as its run finishes
 * and tells the main thread only now and then (every ~50 ms of work, and at the end of a chunk),
 * so the main thread decodes a batch a message instead of one message a run. On Ctrl-C the main
 * thread terminates the worker and reads what the log holds past the last batch, so every run
 * that finished is still kept. Emptied by the main thread before it sends a chunk (the worker is
 * idle then: it has sent the last chunk's `chunk-done`, and the main thread has read that chunk).
 *
 * Layout: Int32 [entries committed, bytes used], then entries of [Uint32 length, v8 bytes].
 */
export const LOG_BYTES = 4 << 20;
const HEADER = 8;

export interface LogEntry {
  k: number;
  outcome: SeedOutcome;
  ms: number;
}

export function newLog(): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(LOG_BYTES);
  new Int32Array(buffer, 0, 2)[1] = HEADER;
  return buffer;
}

export class LogWriter {
  private readonly head: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(buffer: SharedArrayBuffer) {
    this.head = new Int32Array(buffer, 0, 2);
    this.bytes = new Uint8Array(buffer);
    this.view = new DataView(buffer);
  }

  /** Appends an entry, or returns false when it does not fit (the caller posts it alone). */
  append(entry: LogEntry): boolean {
    const data = serialize(entry);
    const at = Atomics.load(this.head, 1);
    if (at + 4 + data.length > this.bytes.length) return false;
    this.view.setUint32(at, data.length);
    this.bytes.set(data, at + 4);
    Atomics.store(this.head, 1, at + 4 + data.length);
    // Committed last: a reader never sees an entry half written.
    Atomics.add(this.head, 0, 1);
    return true;
  }

  get count(): number {
    return Atomics.load(this.head, 0);
  }
}

/** The main thread's side: decodes the entries past the ones it has read, up to `count`. */
export class LogReader {
  private readonly head: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private read = 0;
  private at = HEADER;

  constructor(buffer: SharedArrayBuffer) {
    this.head = new Int32Array(buffer, 0, 2);
    this.bytes = new Uint8Array(buffer);
    this.view = new DataView(buffer);
  }

  /** Empties the log for a new chunk: only while the worker is idle. */
  rewind(): void {
    this.read = 0;
    this.at = HEADER;
    Atomics.store(this.head, 1, HEADER);
    Atomics.store(this.head, 0, 0);
  }

  /** The entries up to `count` (default: all committed) not read yet. */
  take(count = Atomics.load(this.head, 0)): LogEntry[] {
    const out: LogEntry[] = [];
    for (; this.read < count; this.read++) {
      const length = this.view.getUint32(this.at);
      out.push(deserialize(this.bytes.subarray(this.at + 4, this.at + 4 + length)) as LogEntry);
      this.at += 4 + length;
    }
    return out;
  }
}
