/**
 * The Wing–Gong / Lowe linearizability search with memoization, as in Porcupine and Knossos:
 * walk the history's calls and returns in real-time order, linearize any call that comes before
 * the first pending return, backtrack when a return is reached whose call is not linearized yet,
 * and never revisit a (set of linearized ops, state) pair already explored.
 *
 * States are small integers (values interned by the caller). The visited set is keyed by a hash
 * kept up to date as ops are linearized and undone (XOR of a fixed 32-bit key per op, mixed with
 * the state), and a hit is confirmed against the stored bitset, so a collision never prunes.
 */

/**
 * How an op uses the state: a `write` ignores it and always succeeds (a blind write); an
 * `observe` only tests it and leaves it as it was (a read, a failed compare-and-set); an `update`
 * reads it and may change it (a compare-and-set that succeeded, an append).
 */
export type LinOpKind = 'write' | 'observe' | 'update';

/** One operation of a single-object history. */
export interface LinOp {
  /** Position of its invoke in real-time order. */
  call: number;
  /** Position of its completion; Infinity for an op that may or may not have taken effect. */
  ret: number;
  /** The state after applying it to `state`, or -1 when it cannot happen there. */
  step(state: number): number;
  kind: LinOpKind;
}

export type LinResult = 'ok' | 'fail' | 'unknown';

export interface LinOutcome {
  result: LinResult;
  /** Ops tried, including those the visited set or the pruning rule turned away. */
  steps: number;
  /** Distinct (linearized set, state) pairs visited. */
  states: number;
}

const WRITE = 0;
const OBSERVE = 1;
const UPDATE = 2;
const KIND_CODE: Record<LinOpKind, number> = { write: WRITE, observe: OBSERVE, update: UPDATE };

/**
 * Is there an order of the ops, each taking effect between its call and return, that a
 * sequential object starting at `initial` accepts? Ops with an infinite return are optional:
 * they may take effect anywhere after their call, or not at all. Gives up after `maxSteps`.
 *
 * An optional op is only tried where it can matter: when it changes the state and some op that
 * could go next (not a blind write) is possible in the new state and was not already possible,
 * unchanged, in the old one. Any linearization can be rewritten into one where every optional op
 * is used that way (drop it when a blind write or nothing follows it, or when it changes nothing;
 * move it past an observe that holds either way), so this prunes nothing that could succeed, and
 * it keeps unknown writes, the usual cause of blow-up, from being tried at every step.
 */
export function linearize(ops: readonly LinOp[], initial: number, maxSteps: number): LinOutcome {
  const n = ops.length;
  const kind = new Uint8Array(n);
  const required = new Uint8Array(n);
  const bit = new Int32Array(n);
  const opKey = new Int32Array(n);
  let nReq = 0;
  let nOpt = 0;
  for (let i = 0; i < n; i++) {
    const o = ops[i]!;
    kind[i] = KIND_CODE[o.kind];
    if (o.ret !== Infinity) {
      if (!(o.ret > o.call)) throw new Error(`linearize: op ${i} returns at ${o.ret}, not after its call at ${o.call}`);
      required[i] = 1;
      bit[i] = nReq++;
    } else bit[i] = nOpt++;
    opKey[i] = mix32(i + 1);
  }
  const list = buildList(ops);
  const { next, opOf, match } = list;
  const isCall = (e: number) => match[e]! !== -2;
  const reqSet = new Bitset(nReq);
  const optSet = new Uint32Array(Math.ceil(nOpt / 32));
  const memo = new Memo(optSet.length);
  const stackEntry = new Int32Array(n);
  const stackState = new Int32Array(n);
  let depth = 0;
  let setHash = 0;
  let requiredLeft = nReq;
  let state = initial;
  let e = next[0]!;
  let steps = 0;

  const flip = (i: number) => {
    setHash ^= opKey[i]!;
    if (required[i] === 1) reqSet.flip(bit[i]!);
    else optSet[bit[i]! >>> 5] = optSet[bit[i]! >>> 5]! ^ (1 << (bit[i]! & 31));
  };
  // Whether optional op i, taking the state from s to t, can matter (see above).
  const worthTrying = (i: number, s: number, t: number): boolean => {
    if (t === s) return false;
    for (let x = next[0]!; x !== -1 && isCall(x); x = next[x]!) {
      const j = opOf[x]!;
      if (j === i || kind[j] === WRITE) continue;
      const o = ops[j]!;
      if (o.step(t) < 0) continue;
      if (kind[j] === UPDATE || o.step(s) < 0) return true;
    }
    return false;
  };

  for (;;) {
    if (requiredLeft === 0) return { result: 'ok', steps, states: memo.size };
    if (e === -1 || !isCall(e)) {
      // A pending return (or nothing left to try): undo the last linearization.
      if (depth === 0) return { result: 'fail', steps, states: memo.size };
      depth--;
      const top = stackEntry[depth]!;
      state = stackState[depth]!;
      const i = opOf[top]!;
      flip(i);
      list.unlift(top);
      if (required[i] === 1) requiredLeft++;
      e = next[top]!;
      continue;
    }
    if (++steps > maxSteps) return { result: 'unknown', steps, states: memo.size };
    const i = opOf[e]!;
    const t = ops[i]!.step(state);
    if (t >= 0 && (required[i] === 1 || worthTrying(i, state, t))) {
      flip(i);
      if (memo.add(setHash ^ mix32(t + 0x5bd1e995), t, reqSet, optSet)) {
        stackEntry[depth] = e;
        stackState[depth] = state;
        depth++;
        state = t;
        list.lift(e);
        if (required[i] === 1) requiredLeft--;
        e = next[0]!;
        continue;
      }
      flip(i);
    }
    e = next[e]!;
  }
}

/** murmur3's 32-bit finalizer: a fixed, well-spread key for an integer. */
function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/**
 * A doubly linked list of calls and returns in position order, after a sentinel head (entry 0),
 * as index arrays; -1 ends it. `match` is a call's return entry, -1 for a call that has none
 * (an optional op), -2 on a return entry.
 */
function buildList(ops: readonly LinOp[]) {
  const at: number[] = [];
  const opOfList: number[] = [];
  const isRet: boolean[] = [];
  ops.forEach((o, i) => {
    at.push(o.call);
    opOfList.push(i);
    isRet.push(false);
    if (o.ret !== Infinity) {
      at.push(o.ret);
      opOfList.push(i);
      isRet.push(true);
    }
  });
  const order = at.map((_, k) => k).sort((a, b) => at[a]! - at[b]! || a - b);
  const size = order.length + 1;
  const next = new Int32Array(size);
  const prev = new Int32Array(size);
  const opOf = new Int32Array(size).fill(-1);
  const match = new Int32Array(size).fill(-1);
  const callEntry = new Int32Array(ops.length);
  order.forEach((k, pos) => {
    const e = pos + 1;
    const i = opOfList[k]!;
    opOf[e] = i;
    if (isRet[k]) {
      match[e] = -2;
      match[callEntry[i]!] = e;
    } else callEntry[i] = e;
  });
  for (let e = 0; e < size; e++) {
    next[e] = e + 1 < size ? e + 1 : -1;
    prev[e] = e - 1;
  }
  const unlink = (x: number) => {
    next[prev[x]!] = next[x]!;
    if (next[x]! !== -1) prev[next[x]!] = prev[x]!;
  };
  const relink = (x: number) => {
    next[prev[x]!] = x;
    if (next[x]! !== -1) prev[next[x]!] = x;
  };
  return {
    next,
    prev,
    opOf,
    match,
    /** Takes a call and its return out of the list; they keep their links so `unlift` can put them back. */
    lift(call: number): void {
      unlink(call);
      if (match[call]! >= 0) unlink(match[call]!);
    },
    unlift(call: number): void {
      if (match[call]! >= 0) relink(match[call]!);
      relink(call);
    },
  };
}

/**
 * The set of linearized required ops, kept so that its stored form is short: every word below
 * `lo` is full and every word above `hi` is empty, so only words lo..hi need storing (the ops
 * still unsettled: around the frontier of the search, a few words however long the history).
 */
class Bitset {
  readonly words: Uint32Array;
  /** First word not full. */
  lo = 0;
  /** Last word not empty; -1 when none is. */
  hi = -1;
  private readonly lastFull: number;

  constructor(readonly size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
    this.lastFull = size % 32 === 0 ? 0xffffffff : (2 ** (size % 32) - 1) >>> 0;
  }

  private full(w: number): boolean {
    return this.words[w]! === (w === this.words.length - 1 ? this.lastFull : 0xffffffff);
  }

  flip(b: number): void {
    const w = b >>> 5;
    const words = this.words;
    words[w] = words[w]! ^ (1 << (b & 31));
    if ((words[w]! & (1 << (b & 31))) !== 0) {
      if (w > this.hi) this.hi = w;
      while (this.lo < words.length && this.full(this.lo)) this.lo++;
    } else {
      if (w < this.lo) this.lo = w;
      while (this.hi >= 0 && words[this.hi] === 0) this.hi--;
    }
  }
}

/**
 * The visited (linearized set, state) pairs: open addressing over 32-bit hashes, each entry
 * holding the state, the required set's lo and words lo..hi, and the optional ops' words, in
 * one growing pool, so a hash match is checked against the real set.
 */
class Memo {
  size = 0;
  private slots = new Int32Array(1024);
  private meta = new Int32Array(4096);
  private pool = new Uint32Array(4096);
  private used = 0;

  constructor(private readonly optWords: number) {}

  /** Adds the pair; false when it was already there. */
  add(hash: number, state: number, req: Bitset, opt: Uint32Array): boolean {
    const reqLen = Math.max(0, req.hi - req.lo + 1);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const at = this.slots[slot]!;
      if (at === 0) break;
      if (this.equals(at - 1, hash, state, req, reqLen, opt)) return false;
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    const len = reqLen + this.optWords;
    if ((id + 1) * 5 > this.meta.length) this.meta = grow(this.meta, (id + 1) * 5);
    if (this.used + len > this.pool.length) this.pool = grow(this.pool, this.used + len);
    const m = id * 5;
    this.meta[m] = hash;
    this.meta[m + 1] = state;
    this.meta[m + 2] = req.lo;
    this.meta[m + 3] = reqLen;
    this.meta[m + 4] = this.used;
    this.pool.set(req.words.subarray(req.lo, req.lo + reqLen), this.used);
    this.pool.set(opt, this.used + reqLen);
    this.used += len;
    this.slots[slot] = id + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return true;
  }

  private equals(id: number, hash: number, state: number, req: Bitset, reqLen: number, opt: Uint32Array): boolean {
    const m = id * 5;
    const meta = this.meta;
    if (meta[m] !== hash || meta[m + 1] !== state || meta[m + 2] !== req.lo || meta[m + 3] !== reqLen) return false;
    const off = meta[m + 4]!;
    const pool = this.pool;
    for (let k = 0; k < reqLen; k++) if (pool[off + k] !== req.words[req.lo + k]) return false;
    for (let k = 0; k < opt.length; k++) if (pool[off + reqLen + k] !== opt[k]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = this.meta[id * 5]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

function grow<T extends Int32Array | Uint32Array>(a: T, atLeast: number): T {
  let size = a.length * 2;
  while (size < atLeast) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
