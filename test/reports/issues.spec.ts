import { describe, expect, it } from 'vitest';
import { formatIssue, formatPath } from '../../reports/issues.js';

describe('issue formatting', () => {
  it('renders paths the way they read in the file', () => {
    expect(formatPath(['faults', 2, 'duration'])).toBe('faults[2].duration');
    expect(formatPath(['variants', 'naive', 'params', 'api'])).toBe('variants.naive.params.api');
    expect(formatPath(['variants', 'my variant'])).toBe('variants["my variant"]');
    expect(formatPath([])).toBe('');
  });

  it('is one line: file:line:column: path: message', () => {
    expect(
      formatIssue({
        file: 'scenarios/x.yaml',
        path: ['faults', 2, 'duration'],
        line: 12,
        column: 7,
        message: "expected a duration with a unit, like '250ms', found '-3s'",
      }),
    ).toBe("scenarios/x.yaml:12:7: faults[2].duration: expected a duration with a unit, like '250ms', found '-3s'");
    expect(formatIssue({ file: 'x.yaml', path: [], message: 'no such file' })).toBe('x.yaml: no such file');
  });
});
