/**
 * Server-side load shedding: a bounded work queue plus an in-flight bound, served FIFO or LIFO
 * (Facebook's adaptive-LIFO idea: under overload serve the newest, whose caller still waits), and
 * deadline-aware dropping: an item whose caller has given up is dropped at `take`, never run.
 */
import { z } from 'zod';
import { Deque } from '../kernel/deque.js';
import type { Micros } from '../kernel/time.js';
import { positiveDuration } from '../units/human-units.js';
import { once, rejected, type Call, type Policy } from './call.js';
import type { StrategyEnv } from './env.js';

export const loadSheddingSchema = z.strictObject({
  type: z.literal('load-shedding'),
  /** Items that may wait; an offer past this is rejected. */
  maxQueueSize: z.number().int().min(0).max(1_000_000).default(100),
  /** Items being worked on at once; `take` gives nothing past this. */
  maxInFlight: z.number().int().min(1).max(1_000_000).default(10),
  order: z.enum(['fifo', 'lifo']).default('fifo'),
  /** Drop queued items whose deadline has passed instead of running them. */
  dropExpired: z.boolean().default(true),
  /** For the policy wrapper: the deadline given to a wrapped call (its caller's patience). */
  queueTimeout: positiveDuration.optional(),
});
export type LoadSheddingConfig = z.output<typeof loadSheddingSchema>;

export interface WorkItem {
  /** When the caller gives up, on this node's clock; undefined = waits forever. */
  deadlineUs?: Micros;
}

export type OfferResult = 'queued' | 'rejected';

export class WorkQueue<T extends WorkItem> {
  inFlight = 0;
  readonly stats = { offered: 0, rejected: 0, expired: 0, taken: 0 };
  private readonly items = new Deque<T>();

  constructor(
    readonly config: Omit<LoadSheddingConfig, 'type' | 'queueTimeout'>,
    /** Told about every item dropped because its deadline passed. */
    private readonly onExpired: (item: T) => void = () => {},
  ) {}

  get length(): number {
    return this.items.length;
  }

  offer(item: T, _nowUs: Micros): OfferResult {
    this.stats.offered++;
    if (this.items.length >= this.config.maxQueueSize) {
      this.stats.rejected++;
      return 'rejected';
    }
    this.items.pushBack(item);
    return 'queued';
  }

  /** The next item to work on (counted in flight until `finish`), or undefined. */
  take(nowUs: Micros): T | undefined {
    if (this.inFlight >= this.config.maxInFlight) return undefined;
    for (;;) {
      const item = this.config.order === 'lifo' ? this.items.popBack() : this.items.popFront();
      if (item === undefined) return undefined;
      if (this.config.dropExpired && item.deadlineUs !== undefined && item.deadlineUs <= nowUs) {
        this.stats.expired++;
        this.onExpired(item);
        continue;
      }
      this.inFlight++;
      this.stats.taken++;
      return item;
    }
  }

  finish(): void {
    if (this.inFlight <= 0) throw new Error('WorkQueue.finish without a matching take');
    this.inFlight--;
  }
}

interface Job extends WorkItem {
  run: () => void;
  shed: () => void;
}

/** Wraps calls so they go through a WorkQueue: at most maxInFlight run, the rest queue or are shed. */
export function loadSheddingPolicy(config: LoadSheddingConfig, env: StrategyEnv): Policy & { readonly queue: WorkQueue<Job> } {
  const queue = new WorkQueue<Job>(config, (job) => job.shed());
  const pump = (): void => {
    for (let job = queue.take(env.now()); job !== undefined; job = queue.take(env.now())) job.run();
  };
  const policy: Policy =
    <T>(call: Call<T>): Call<T> =>
    (done, cancel) => {
      const job: Job = {
        run: () =>
          call(
            once<T>((o) => {
              queue.finish();
              done(o);
              pump();
            }).settle,
            cancel,
          ),
        shed: () => done(rejected('load-shedding')),
      };
      if (config.queueTimeout !== undefined) job.deadlineUs = env.now() + config.queueTimeout;
      if (queue.offer(job, env.now()) === 'rejected') return done(rejected('load-shedding'));
      pump();
    };
  return Object.assign(policy, { queue });
}
