import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Colour is chosen once, by bin/ (it knows whether output goes to a terminal or a file), and
 * passed to renderers as a chalk instance. Level 0 renders plain text: no escape codes at all.
 */
export type Style = ChalkInstance;

export function makeStyle(level: 0 | 1 | 2 | 3): Style {
  return new Chalk({ level });
}

export const plain: Style = makeStyle(0);
