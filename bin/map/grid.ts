import { cellFraction } from '../../sim/sweep/map/map.js';
import type { MapAxis, MapResult } from '../../sim/sweep/map/types.js';

/**
 * A map as the tables and heat maps show it: one grid per (variant, check) for a map of two
 * parameters (rows × columns), or one per check with a row per variant for a map of one.
 */
export interface Grid {
  variant: string | null;
  /** The check shown, or null: the share of runs on which every chosen check held. */
  check: string | null;
  rowLabel: string;
  colLabel: string;
  rows: string[];
  cols: string[];
  /** Pass fraction per cell (null: no run finished). */
  cells: (number | null)[][];
  /** The map point and variant of each cell. */
  at: { point: number; variant: string }[][];
}

export const axisLabel = (a: MapAxis): string => (a.unit && a.kind !== 'number' && a.kind !== 'text' ? `${a.path} (${a.unit})` : a.path);

export const varyingAxes = (r: MapResult): number[] => r.axes.flatMap((a, i) => (a.values.length > 1 ? [i] : []));

export function grids(r: MapResult): Grid[] {
  const checks: (string | null)[] = r.checks.length === 1 ? [r.checks[0]!] : [...r.checks, null];
  const varying = varyingAxes(r);
  const pointAt = (fix: Record<number, number>) => r.points.findIndex((p) => Object.entries(fix).every(([axis, i]) => p.at[Number(axis)] === i));
  const fraction = (point: number, variant: string, check: string | null) => {
    const cell = r.points[point]?.cells.find((c) => c.variant === variant);
    return cell === undefined ? null : cellFraction(cell, check);
  };
  const out: Grid[] = [];
  if (varying.length === 2) {
    const [ra, ca] = [r.axes[varying[0]!]!, r.axes[varying[1]!]!];
    for (const variant of r.variants)
      for (const check of checks) {
        const at = ra.values.map((_, i) => ca.values.map((_, j) => ({ point: pointAt({ [varying[0]!]: i, [varying[1]!]: j }), variant })));
        out.push({
          variant,
          check,
          rowLabel: axisLabel(ra),
          colLabel: axisLabel(ca),
          rows: ra.values.map((v) => String(v.raw)),
          cols: ca.values.map((v) => String(v.raw)),
          cells: at.map((row) => row.map((c) => fraction(c.point, variant, check))),
          at,
        });
      }
    return out;
  }
  const axis = varying.length === 1 ? r.axes[varying[0]!]! : undefined;
  for (const check of checks) {
    const at = r.variants.map((variant) => (axis ? axis.values.map((_, j) => ({ point: pointAt({ [varying[0]!]: j }), variant })) : [{ point: 0, variant }]));
    out.push({
      variant: null,
      check,
      rowLabel: 'variant',
      colLabel: axis ? axisLabel(axis) : 'the point',
      rows: [...r.variants],
      cols: axis ? axis.values.map((v) => String(v.raw)) : ['all runs'],
      cells: at.map((row) => row.map((c) => fraction(c.point, c.variant, check))),
      at,
    });
  }
  return out;
}

/** Which side of the level a cell is on: true holds, false breaks, null no runs. */
export const side = (f: number | null, level: number): boolean | null => (f === null ? null : f >= level);

/** Along each row, where the pass fraction crosses the level: between which two columns. */
export function crossings(g: Grid, level: number): { row: string; from: string; to: string; fromFraction: number; toFraction: number }[] {
  const out: { row: string; from: string; to: string; fromFraction: number; toFraction: number }[] = [];
  g.cells.forEach((row, i) => {
    for (let j = 1; j < row.length; j++) {
      const a = side(row[j - 1]!, level);
      const b = side(row[j]!, level);
      if (a !== null && b !== null && a !== b)
        out.push({ row: g.rows[i]!, from: g.cols[j - 1]!, to: g.cols[j]!, fromFraction: row[j - 1]!, toFraction: row[j]! });
    }
  });
  return out;
}
