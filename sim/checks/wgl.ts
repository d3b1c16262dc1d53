/**
 * The Wing–Gong / Lowe linearizability search with memoization, as in Porcupine and Knossos:
 * walk the history's calls and returns in real-time order, linearize any call that comes before
 * the first pending return, backtrack when a return is reached whose call is not linearized yet,
 * and never revisit a (set of linearized ops, state) pair already explored.
 */

/** One operation of a single-object history. */
export interface LinOp {
  /** Position of its invoke in real-time order. */
  call: number;
  /** Position of its completion; Infinity for an op that may or may not have taken effect. */
  ret: number;
  /** The state after applying it to `state`, or undefined when it cannot happen there. */
  step(state: string): string | undefined;
}

export type LinResult = 'ok' | 'fail' | 'unknown';

interface Entry {
  op: number;
  isCall: boolean;
  match: Entry | null;
  prev: Entry | null;
  next: Entry | null;
}

/**
 * Is there an order of the ops, each taking effect between its call and return, that a
 * sequential object starting at `initial` accepts? Ops with an infinite return are optional:
 * they may take effect anywhere after their call, or not at all. Gives up after `maxSteps`.
 */
export function linearize(ops: readonly LinOp[], initial: string, maxSteps: number): { result: LinResult; steps: number } {
  const head = buildList(ops);
  const words = new Uint32Array(Math.ceil(ops.length / 32) + 1);
  const seen = new Set<string>();
  const stack: { entry: Entry; state: string }[] = [];
  let requiredLeft = ops.filter((o) => o.ret !== Infinity).length;
  let state = initial;
  let entry = head.next;
  let steps = 0;
  const flip = (op: number) => (words[op >>> 5] = words[op >>> 5]! ^ (1 << (op & 31)));

  for (;;) {
    if (requiredLeft === 0) return { result: 'ok', steps };
    if (entry === null || !entry.isCall) {
      // A pending return (or nothing left to try): undo the last linearization.
      const top = stack.pop();
      if (top === undefined) return { result: 'fail', steps };
      state = top.state;
      flip(top.entry.op);
      unlift(top.entry);
      if (top.entry.match !== null) requiredLeft++;
      entry = top.entry.next;
      continue;
    }
    if (++steps > maxSteps) return { result: 'unknown', steps };
    const next = ops[entry.op]!.step(state);
    if (next !== undefined) {
      flip(entry.op);
      const key = `${words.join(',')}|${next}`;
      if (!seen.has(key)) {
        seen.add(key);
        stack.push({ entry, state });
        state = next;
        lift(entry);
        if (entry.match !== null) requiredLeft--;
        entry = head.next;
        continue;
      }
      flip(entry.op);
    }
    entry = entry.next;
  }
}

/** A doubly linked list of calls and returns in position order, after a sentinel head. */
function buildList(ops: readonly LinOp[]): Entry {
  const events: { at: number; entry: Entry }[] = [];
  ops.forEach((o, op) => {
    const call: Entry = { op, isCall: true, match: null, prev: null, next: null };
    events.push({ at: o.call, entry: call });
    if (o.ret !== Infinity) {
      call.match = { op, isCall: false, match: null, prev: null, next: null };
      events.push({ at: o.ret, entry: call.match });
    }
  });
  events.sort((a, b) => a.at - b.at);
  const head: Entry = { op: -1, isCall: false, match: null, prev: null, next: null };
  let last = head;
  for (const { entry } of events) {
    last.next = entry;
    entry.prev = last;
    last = entry;
  }
  return head;
}

function unlink(e: Entry): void {
  e.prev!.next = e.next;
  if (e.next !== null) e.next.prev = e.prev;
}

function relink(e: Entry): void {
  e.prev!.next = e;
  if (e.next !== null) e.next.prev = e;
}

/** Takes a call and its return out of the list; they keep their links so `unlift` can put them back. */
function lift(call: Entry): void {
  unlink(call);
  if (call.match !== null) unlink(call.match);
}

function unlift(call: Entry): void {
  if (call.match !== null) relink(call.match);
  relink(call);
}
