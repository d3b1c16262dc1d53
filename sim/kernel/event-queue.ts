import type { Micros } from './time.js';

/**
 * Binary min-heap of (time, sequence) keys over parallel typed arrays; the payload is an
 * integer handle the caller maps to its own side table. Ties break by insertion sequence,
 * never by heap shape, so same-time events run in the order they were scheduled (SimPy's
 * (time, priority, eid) rule). Typed arrays keep the hot path free of per-event objects.
 */
export class EventQueue {
  private times: Float64Array;
  private seqs: Float64Array;
  private handles: Int32Array;
  private count = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    this.times = new Float64Array(initialCapacity);
    this.seqs = new Float64Array(initialCapacity);
    this.handles = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event; only meaningful when size > 0. */
  peekTime(): Micros {
    return this.times[0]!;
  }

  push(time: Micros, handle: number): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const handles = this.handles;
    const seq = this.nextSeq++;
    let i = this.count++;
    // Sift up: move parents down until the slot fits.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (pt < time || (pt === time && seqs[p]! < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[p]!;
      handles[i] = handles[p]!;
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    handles[i] = handle;
  }

  /** Removes the earliest event and returns its handle; the caller checks size first. */
  pop(): number {
    const times = this.times;
    const seqs = this.seqs;
    const handles = this.handles;
    const top = handles[0]!;
    const n = --this.count;
    if (n === 0) return top;
    const t = times[n]!;
    const s = seqs[n]!;
    const h = handles[n]!;
    let i = 0;
    const half = n >> 1;
    // Sift down the former last element from the root.
    while (i < half) {
      let c = 2 * i + 1;
      let ct = times[c]!;
      let cs = seqs[c]!;
      const r = c + 1;
      if (r < n) {
        const rt = times[r]!;
        const rs = seqs[r]!;
        if (rt < ct || (rt === ct && rs < cs)) {
          c = r;
          ct = rt;
          cs = rs;
        }
      }
      if (t < ct || (t === ct && s < cs)) break;
      times[i] = ct;
      seqs[i] = cs;
      handles[i] = handles[c]!;
      i = c;
    }
    times[i] = t;
    seqs[i] = s;
    handles[i] = h;
    return top;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    const seqs = new Float64Array(cap);
    const handles = new Int32Array(cap);
    times.set(this.times);
    seqs.set(this.seqs);
    handles.set(this.handles);
    this.times = times;
    this.seqs = seqs;
    this.handles = handles;
  }
}
