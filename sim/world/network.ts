import type { NodeId } from './ids.js';
import { DEFAULT_LINK, type LinkConfig, type NetworkConfig } from './network-config.js';
import type { Link } from './partition.js';

/**
 * The network's state, as flat per-link tables indexed `from * n + to`: the resolved link
 * config (base config with any active fault overlays on top), partition and clog counters, and
 * the messages held on clogged links. Counters, not flags, so overlapping faults compose: a link
 * cut by two partitions works again only when both have healed.
 */
export interface LinkOverlay {
  latency?: LinkConfig['latency'];
  loss?: number;
  duplicate?: number;
}

export interface HeldMessage {
  from: number;
  to: number;
  id: number;
  msg: unknown;
}

export class NetworkState {
  readonly n: number;
  private readonly base: LinkConfig[];
  /** What the send path reads. */
  readonly effective: LinkConfig[];
  readonly blocked: Int32Array;
  readonly clogged: Int32Array;
  readonly held = new Map<number, HeldMessage[]>();
  private readonly overlays = new Map<number, { token: number; overlay: LinkOverlay }[]>();

  constructor(
    private readonly index: ReadonlyMap<NodeId, number>,
    config: NetworkConfig,
  ) {
    const n = index.size;
    this.n = n;
    const defaults: LinkConfig = { ...DEFAULT_LINK, ...stripUndefined(config.default) };
    this.base = new Array<LinkConfig>(n * n).fill(defaults);
    for (const o of config.links) {
      const { from, to, ...fields } = o;
      const patch = stripUndefined(fields);
      for (const i of this.select(from)) for (const j of this.select(to)) this.base[i * n + j] = { ...this.base[i * n + j]!, ...patch };
    }
    this.effective = this.base.slice();
    this.blocked = new Int32Array(n * n);
    this.clogged = new Int32Array(n * n);
  }

  private select(ids: NodeId | NodeId[] | undefined): number[] {
    if (ids === undefined) return [...this.index.values()];
    return (Array.isArray(ids) ? ids : [ids]).map((id) => this.index.get(id)!);
  }

  linkIndices(from: readonly NodeId[] | undefined, to: readonly NodeId[] | undefined): number[] {
    const out: number[] = [];
    for (const i of this.select(from as NodeId[] | undefined)) for (const j of this.select(to as NodeId[] | undefined)) if (i !== j) out.push(i * this.n + j);
    return out;
  }

  linkIndicesOf(pairs: readonly Link[]): number[] {
    return pairs.map(([a, b]) => this.index.get(a)! * this.n + this.index.get(b)!);
  }

  /** Links into and out of one node. */
  nodeLinks(node: number): number[] {
    const out: number[] = [];
    for (let j = 0; j < this.n; j++) {
      if (j === node) continue;
      out.push(node * this.n + j, j * this.n + node);
    }
    return out;
  }

  addOverlay(links: readonly number[], token: number, overlay: LinkOverlay): void {
    for (const l of links) {
      const list = this.overlays.get(l) ?? [];
      list.push({ token, overlay });
      this.overlays.set(l, list);
      this.resolve(l);
    }
  }

  removeOverlay(links: readonly number[], token: number): void {
    for (const l of links) {
      const list = (this.overlays.get(l) ?? []).filter((o) => o.token !== token);
      if (list.length === 0) this.overlays.delete(l);
      else this.overlays.set(l, list);
      this.resolve(l);
    }
  }

  private resolve(l: number): void {
    let cfg = this.base[l]!;
    for (const { overlay } of this.overlays.get(l) ?? []) cfg = { ...cfg, ...stripUndefined(overlay) };
    this.effective[l] = cfg;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
