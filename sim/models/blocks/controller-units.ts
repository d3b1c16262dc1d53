/**
 * What the controller blocks (deployer, autoscaler) read from scenario files beyond the usual
 * units: a threshold on a metric, a metric's name, a version's name.
 */
import { z } from 'zod';
import { probability } from '../../units/human-units.js';

/** The largest threshold written as a plain number (a latency in µs, a queue length...). */
export const MAX_THRESHOLD = 1e12;

/** A threshold on a metric: a plain number (`0.8`, `250`) or a percentage (`5%` = 0.05). */
export const threshold = z.union([z.number().min(0).max(MAX_THRESHOLD), probability], {
  error: `expected a threshold: a number from 0 to ${MAX_THRESHOLD} or a percentage like '5%'`,
});

/** A metric a node records (`errors`, `requests`, `utilisation`): short, letters, digits, '-', '_', '.'. */
export const metricName = z
  .string({ error: 'expected a metric name (a string)' })
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/, { error: "expected a metric name of letters, digits, '-', '_' or '.' (at most 100), starting with a letter" });

/** A name from the scenario's `versions`, or `initial`. */
export const versionName = z
  .string({ error: 'expected a version name (a string)' })
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, { error: "expected a version name starting with a letter (letters, digits, '.', '-', '_')" });
