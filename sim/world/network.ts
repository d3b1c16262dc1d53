import type { NodeId } from './ids.js';
import { DEFAULT_LINK, type LinkConfig, type NetworkConfig } from './network-config.js';
import type { Link } from './partition.js';

/**
 * The network's state, per link `from * n + to`: the resolved link config (base config with any
 * active fault overlays on top), partition and clog counters, and the messages held on clogged
 * links. Counters, not flags, so overlapping faults compose: a link cut by two partitions works
 * again only when both have healed.
 *
 * Sparse: only a link with a config of its own or an overlay has an entry in `special`, only a
 * cut or clogged link one in `blocks` / `clogs`; every other link is the default, so 10,000
 * nodes cost no 10^8-entry tables. With no such link (the common case) a send reads no map.
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
  /** The default link: every link without an entry in `special`. */
  private readonly defaults: LinkConfig;
  /** Links with a config of their own (`links:`), before overlays. */
  private readonly base = new Map<number, LinkConfig>();
  /** Links whose config is not the default (own config or overlays): what the send path reads. */
  private readonly special = new Map<number, LinkConfig>();
  /** Partitions in force on a link (absent: none). */
  private readonly blocks = new Map<number, number>();
  /** Clogs in force on a link (absent: none). */
  private readonly clogs = new Map<number, number>();
  readonly held = new Map<number, HeldMessage[]>();
  private readonly overlays = new Map<number, { token: number; overlay: LinkOverlay }[]>();

  constructor(
    private readonly index: ReadonlyMap<NodeId, number>,
    config: NetworkConfig,
  ) {
    const n = index.size;
    this.n = n;
    this.defaults = { ...DEFAULT_LINK, ...stripUndefined(config.default) };
    for (const o of config.links) {
      const { from, to, ...fields } = o;
      const patch = stripUndefined(fields);
      for (const i of this.select(from))
        for (const j of this.select(to)) {
          const l = i * n + j;
          this.base.set(l, { ...(this.base.get(l) ?? this.defaults), ...patch });
        }
    }
    for (const [l, cfg] of this.base) this.special.set(l, cfg);
  }

  /** The link's config in force. */
  link(l: number): LinkConfig {
    return this.special.size === 0 ? this.defaults : (this.special.get(l) ?? this.defaults);
  }

  /** Whether a partition cuts the link. */
  isBlocked(l: number): boolean {
    return this.blocks.size !== 0 && (this.blocks.get(l) ?? 0) > 0;
  }

  /** Whether a clog holds the link's messages. */
  isClogged(l: number): boolean {
    return this.clogs.size !== 0 && (this.clogs.get(l) ?? 0) > 0;
  }

  /** Counts a partition in (+1) or out (-1); the link works again when its count is back at 0. */
  block(l: number, by: 1 | -1): void {
    count(this.blocks, l, by);
  }

  /** Counts a clog in (+1) or out (-1); true when the link's last clog has ended. */
  clog(l: number, by: 1 | -1): boolean {
    return count(this.clogs, l, by) === 0 && by < 0;
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
    const base = this.base.get(l);
    const list = this.overlays.get(l);
    if (list === undefined) {
      if (base === undefined) this.special.delete(l);
      else this.special.set(l, base);
      return;
    }
    let cfg = base ?? this.defaults;
    for (const { overlay } of list) cfg = { ...cfg, ...stripUndefined(overlay) };
    this.special.set(l, cfg);
  }
}

/** Adds `by` to a counter kept only while non-zero; the new count. */
function count(m: Map<number, number>, l: number, by: number): number {
  const c = (m.get(l) ?? 0) + by;
  if (c === 0) m.delete(l);
  else m.set(l, c);
  return c;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
