import { describe, expect, it } from 'vitest';
import { MAX_SEEDS, parseSeed, parseSeeds } from '../../bin/seeds.js';

describe('--seeds syntax', () => {
  it.each([
    ['7', [7]],
    ['1..5', [1, 2, 3, 4, 5]],
    ['1,4,9', [1, 4, 9]],
    ['9,1..3,2', [1, 2, 3, 9]],
    [' 0 .. 2 ', [0, 1, 2]],
  ])('%s', (text, seeds) => expect(parseSeeds(text)).toEqual(seeds));

  it.each(['', 'a', '1..', '-1', '5..1', '1.5', `0..${MAX_SEEDS}`, '99999999999999999999'])('rejects %j', (text) => {
    expect(() => parseSeeds(text)).toThrow(/^--seeds: /);
  });

  it('--seed takes exactly one whole number', () => {
    expect(parseSeed('42')).toBe(42);
    expect(() => parseSeed('1..2')).toThrow("--seed: expected a whole number of zero or more, found '1..2'");
  });
});
