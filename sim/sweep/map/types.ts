import type { IssuePath } from '../../scenario/issues.js';
import type { QuantityKind } from './values.js';

/** One parameter of a map: the path as written, the field it resolved to, and its values in order. */
export interface MapAxis {
  path: string;
  field: IssuePath;
  kind: QuantityKind;
  /** The unit the values are written in (`ms`, `/s`, `%`, '' for numbers and text). */
  unit: string;
  values: { raw: string | number; value: number }[];
}

/** One value set into the scenario: as a replay's `--param path=raw` says it. */
export interface PointValue {
  path: string;
  field: IssuePath;
  raw: string | number;
}

/** A point of a map: one value per axis (a fixed parameter is an axis of one value). */
export interface MapPoint {
  /** The value's index on each axis. */
  at: number[];
  values: PointValue[];
}

/** One run of a map point, as the map keeps it: enough to count fractions, list seeds and merge shards. */
export interface MapRun {
  seed: number;
  digest: string;
  /** The chosen checks that did not hold. */
  failed: string[];
  /** The run threw (a model or strategy bug); it counts as holding none of the checks. */
  error?: string;
}

export interface MapCell {
  variant: string;
  /** Every finished run of this point and variant, in seed order. */
  runs: MapRun[];
  /** For each chosen check: the share of finished runs on which it held (null before any finished). */
  passFraction: Record<string, number | null>;
  /** The share of runs on which every chosen check held. */
  allFraction: number | null;
}

export interface MapResultPoint extends MapPoint {
  cells: MapCell[];
}

export interface MapResult {
  scenario: string;
  axes: MapAxis[];
  /** Every seed each point runs on (a shard runs only its share of point × seed pairs). */
  seeds: number[];
  shard: { index: number; count: number } | null;
  variants: string[];
  checks: string[];
  /** The pass fraction the boundary is drawn at. */
  level: number;
  points: MapResultPoint[];
  runsPlanned: number;
  runsCompleted: number;
  interrupted: boolean;
  /** Order-independent hash over (variant, point, seed, trace digest): the same for any worker count or shard split. */
  digest: string;
}

/** One step of --find: a value of the parameter and the pass fraction there. */
export interface FindProbe {
  raw: string | number;
  value: number;
  fraction: number | null;
  runs: number;
}

export interface FindVariant {
  variant: string;
  /** Every value probed, in the order probed. */
  probes: FindProbe[];
  /** The narrowest interval found: `holds` at or above the level, `breaks` below it; null when the ends of --between do not straddle it. */
  interval: { holds: FindProbe; breaks: FindProbe } | null;
  runs: number;
}

export interface FindResult {
  scenario: string;
  path: string;
  field: IssuePath;
  kind: QuantityKind;
  unit: string;
  fixed: PointValue[];
  seeds: number[];
  checks: string[];
  level: number;
  variants: FindVariant[];
  runs: number;
  interrupted: boolean;
}
