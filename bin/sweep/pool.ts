import { Worker } from 'node:worker_threads';
import type { SeedOutcome, SweepJob } from '../../sim/sweep/types.js';
import type { FromWorker, ToWorker, WorkerData } from './messages.js';
import { LogReader, newLog } from './outcome-log.js';

export interface PoolOptions extends WorkerData {
  workers: number;
  /** Called for every finished run, in completion order; return true to stop the sweep (--fail-fast). */
  onOutcome?: (o: SeedOutcome, index: number, ms: number) => boolean | undefined;
  /**
   * Runs one job on this thread, or gives up on it (undefined: too long to run here, see
   * inline-runner.ts). Given, the main thread works through the queue itself while its workers
   * start (a thread's start-up, loading some 200 modules and the scenario, is a quarter of a
   * second that a small sweep would otherwise spend waiting), and hands over to them as soon as
   * one is ready. Only for scenarios without user code: a model module or a custom strategy runs
   * in a worker, where a crash costs a thread, not the sweep. It must give up on a long run
   * quickly: while it runs, a ready worker and a Ctrl-C wait.
   */
  inline?: (job: SweepJob) => SeedOutcome | undefined;
}

export interface PoolHandle {
  /**
   * Every finished run by job index (unfinished ones are missing), once the pool is done or
   * stopped; `inFlight`: the runs that were running when it stopped (dropped).
   */
  done: Promise<PoolDone>;
  /** Stops at once: workers are terminated, runs in flight are dropped (and counted). */
  stop(): void;
}

export interface PoolDone {
  outcomes: Map<number, SeedOutcome>;
  stopped: boolean;
  inFlight: number;
}

interface Chunk {
  jobs: { index: number; job: SweepJob }[];
  /** Re-queued after a crash, one job a chunk: if this one kills its worker, it was the culprit. */
  isolated: boolean;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** The outcomes the worker logged (outcome-log.ts), read on its `logged` messages and when it stops or dies. */
  log: LogReader;
  chunk?: Chunk;
  /** How many jobs of `chunk` have answered: the next outcome is for `chunk.jobs[answered]`. */
  answered: number;
}

/** Past this, a run is long enough that start-up no longer matters: the main thread stops helping after it. */
const INLINE_MAX_MS = 20;

/** Chunks amortise a message round trip over many runs, and stay small enough that workers finish together. */
const chunkSize = (jobs: number, workers: number) => Math.max(1, Math.min(100, Math.ceil(jobs / (workers * 16))));

/**
 * Runs sweep jobs on worker threads (compiled JS: dist/bin/sweep/worker.js). A worker that dies
 * is replaced and its chunk re-queued one job a chunk; a job that then kills its worker again is
 * recorded as a `worker-crash` outcome for its seed, and the sweep goes on. Outcomes arrive in
 * completion order: callers aggregate them by seed, so the worker count never changes a result.
 */
export function startPool(jobs: readonly SweepJob[], o: PoolOptions): PoolHandle {
  const size = chunkSize(jobs.length, o.workers);
  const queue: Chunk[] = [];
  for (let i = 0; i < jobs.length; i += size) queue.push({ jobs: jobs.slice(i, i + size).map((job, k) => ({ index: i + k, job })), isolated: false });
  const outcomes = new Map<number, SeedOutcome>();
  const slots = new Set<Slot>();
  let stopping = false;
  let resolve!: (v: PoolDone) => void;
  let reject!: (e: Error) => void;
  const done = new Promise<PoolDone>((res, rej) => ((resolve = res), (reject = rej)));

  const finish = (stopped: boolean, error?: Error) => {
    if (stopping) return;
    stopping = true;
    // The runs that finished since a worker last said so are in its log: kept (Ctrl-C's promise).
    if (!error) for (const s of slots) takeLogged(s);
    // A worker with a chunk not yet answered in full was running one of its jobs.
    const inFlight = [...slots].filter((s) => s.chunk !== undefined && s.answered < s.chunk.jobs.length).length;
    for (const s of slots) void s.worker.terminate();
    if (error) reject(error);
    else resolve({ outcomes, stopped, inFlight });
  };
  const stop = () => finish(true);
  /** The chunk the main thread is working through (`inline`), and how many of its jobs it has run. */
  let mine: { chunk: Chunk; done: number } | undefined;
  let inline = o.inline;
  const idle = () => queue.length === 0 && mine === undefined && [...slots].every((s) => s.chunk === undefined);

  const record = (index: number, outcome: SeedOutcome, ms = 0) => {
    outcomes.set(index, outcome);
    if (o.onOutcome?.(outcome, index, ms) === true) stop();
  };

  /** The slot's logged outcomes not read yet, up to `count` (default: every one committed). */
  const takeLogged = (slot: Slot, count?: number) => {
    if (slot.chunk === undefined) return;
    for (const e of slot.log.take(count)) answer(slot, e.k, e.outcome, e.ms);
  };
  const answer = (slot: Slot, k: number, outcome: SeedOutcome, ms: number) => {
    slot.answered = Math.max(slot.answered, k + 1);
    record(slot.chunk!.jobs[k]!.index, outcome, ms);
  };

  const dispatch = (slot: Slot) => {
    const chunk = queue.shift();
    if (chunk === undefined) {
      if (idle()) finish(false);
      return;
    }
    slot.chunk = chunk;
    slot.answered = 0;
    slot.log.rewind();
    slot.worker.postMessage({ type: 'chunk', jobs: chunk.jobs.map((j) => j.job) } satisfies ToWorker);
  };

  const died = (slot: Slot, message: string) => {
    slots.delete(slot);
    if (stopping) return;
    takeLogged(slot);
    if (stopping) return;
    const chunk = slot.chunk;
    if (!slot.ready || chunk === undefined) return finish(false, new Error(`a sweep worker died before it could run anything: ${message}`));
    // The jobs that answered are kept; the one that was running and the rest are run again.
    const left = chunk.jobs.slice(slot.answered);
    if (left.length === 0) {
      // Every job had answered: only its `chunk-done` was lost.
    } else if (chunk.isolated) {
      const { index, job } = left[0]!;
      record(index, { variant: job.variant, seed: job.seed, digest: '', checks: [], error: { kind: 'worker-crash', message } });
    } else queue.unshift(...left.map((j) => ({ jobs: [j], isolated: true })));
    if (stopping) return;
    if (queue.length > 0) spawn();
    else if (idle()) finish(false);
  };

  const spawn = () => {
    const log = newLog();
    const worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: { file: o.file, swarm: o.swarm, variants: o.variants, ...(o.points ? { points: o.points } : {}), log } satisfies WorkerData,
    });
    const slot: Slot = { worker, ready: false, log: new LogReader(log), answered: 0 };
    slots.add(slot);
    let error: string | undefined;
    worker.on('message', (m: FromWorker) => {
      if (stopping) return;
      if (m.type === 'ready') slot.ready = true;
      else if (m.type === 'fatal') return finish(false, new Error(`a sweep worker could not load the scenario: ${m.message}`));
      else if (m.type === 'logged') return takeLogged(slot, m.count);
      else if (m.type === 'outcome') return answer(slot, m.k, m.outcome, m.ms);
      else slot.chunk = undefined;
      dispatch(slot);
    });
    worker.on('error', (e) => (error = `the worker thread died: ${e.message}`));
    worker.on('exit', (code) => died(slot, error ?? `the worker thread exited with code ${code}`));
  };

  /** One job a turn of the event loop, so a worker's `ready` (or a Ctrl-C) is seen between runs. */
  const helpWhileStarting = () => {
    if (stopping || inline === undefined) return;
    let anyReady = false;
    for (const s of slots) anyReady ||= s.ready;
    if (mine === undefined) {
      if (anyReady) return;
      const chunk = queue.shift();
      if (chunk === undefined) return;
      mine = { chunk, done: 0 };
    }
    if (anyReady) {
      // Hand the rest of the chunk back, to the front of the queue, for the next free worker.
      const left = mine.chunk.jobs.slice(mine.done);
      mine = undefined;
      if (left.length > 0) queue.unshift({ jobs: left, isolated: false });
      for (const s of slots) if (s.ready && s.chunk === undefined) dispatch(s);
      return;
    }
    const { index, job } = mine.chunk.jobs[mine.done]!;
    const started = performance.now();
    const outcome = inline(job);
    const ms = performance.now() - started;
    if (outcome === undefined) {
      // Too long a run for this thread: it and the rest of the chunk go to the workers.
      inline = undefined;
    } else {
      mine.done++;
      if (mine.done === mine.chunk.jobs.length) mine = undefined;
      record(index, outcome, ms);
      if (stopping) return;
      if (ms > INLINE_MAX_MS) inline = undefined;
    }
    if (inline === undefined && mine !== undefined) {
      queue.unshift({ jobs: mine.chunk.jobs.slice(mine.done), isolated: false });
      mine = undefined;
      // A worker that came up while this thread held the last chunk is waiting for work.
      for (const s of slots) if (s.ready && s.chunk === undefined) dispatch(s);
    }
    if (idle()) return finish(false);
    setImmediate(helpWhileStarting);
  };

  if (jobs.length === 0) finish(false);
  else {
    for (let i = 0; i < Math.min(o.workers, queue.length); i++) spawn();
    setImmediate(helpWhileStarting);
  }
  return { done, stop };
}
