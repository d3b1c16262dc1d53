/**
 * Majority quorum collection (as in Paxos/Raft replication and Dynamo-style W-of-N writes):
 * count distinct acknowledgements from n nodes, succeed at `needed` (a majority by default),
 * fail as soon as enough have refused that `needed` is out of reach, or at the deadline.
 */
import type { Micros } from '../kernel/time.js';
import type { NodeId } from '../world/ids.js';
import type { StrategyEnv } from './env.js';

export type QuorumResult = { kind: 'ok'; acks: NodeId[] } | { kind: 'failed'; reason: 'impossible' | 'deadline'; acks: NodeId[]; nacks: NodeId[] };

export const majority = (n: number): number => Math.floor(n / 2) + 1;

export class QuorumCollector {
  private readonly acks = new Set<NodeId>();
  private readonly nacks = new Set<NodeId>();
  private result: QuorumResult | undefined;
  private timer: number | undefined;

  constructor(
    readonly members: readonly NodeId[],
    private readonly onDone: (r: QuorumResult) => void,
    private readonly env?: Pick<StrategyEnv, 'after' | 'cancelTimer'>,
    deadlineInUs?: Micros,
    readonly needed = majority(members.length),
  ) {
    if (needed < 1 || needed > members.length) throw new Error(`quorum of ${needed} out of ${members.length} members`);
    if (deadlineInUs !== undefined) {
      if (env === undefined) throw new Error('a quorum deadline needs an env for its timer');
      this.timer = env.after(deadlineInUs, () => {
        this.timer = undefined;
        this.finish({ kind: 'failed', reason: 'deadline', acks: [...this.acks], nacks: [...this.nacks] });
      });
    }
  }

  get done(): QuorumResult | undefined {
    return this.result;
  }

  /** A member said yes. Duplicates (a re-delivered message) and non-members are ignored. */
  ack(from: NodeId): void {
    if (!this.counts(from)) return;
    this.acks.add(from);
    if (this.acks.size >= this.needed) this.finish({ kind: 'ok', acks: [...this.acks] });
  }

  /** A member said no (or is known down). */
  nack(from: NodeId): void {
    if (!this.counts(from)) return;
    this.nacks.add(from);
    if (this.members.length - this.nacks.size < this.needed) {
      this.finish({ kind: 'failed', reason: 'impossible', acks: [...this.acks], nacks: [...this.nacks] });
    }
  }

  private counts(from: NodeId): boolean {
    return this.result === undefined && this.members.includes(from) && !this.acks.has(from) && !this.nacks.has(from);
  }

  private finish(r: QuorumResult): void {
    if (this.result !== undefined) return;
    this.result = r;
    if (this.timer !== undefined) this.env?.cancelTimer(this.timer);
    this.timer = undefined;
    this.onDone(r);
  }
}
