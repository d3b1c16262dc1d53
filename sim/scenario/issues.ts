/**
 * A problem with a scenario file, as data (STYLE.md #7): the loader returns these, and bin/ and
 * reports/ decide how they look. `path` names the field (`['faults', 2, 'duration']`); `line` and
 * `column` (1-based) point at it in the file when it is there to point at.
 */
export type IssuePath = (string | number)[];

export interface ScenarioIssue {
  file: string;
  path: IssuePath;
  line?: number;
  column?: number;
  /** One sentence, complete on its own: `expected a duration with a unit, like '250ms', found '-3s'`. */
  message: string;
  /** What was wanted and what was there, when the check knows both (for tools; the message says it too). */
  expected?: string;
  found?: string;
}

export type ParseResult<T> = { ok: true; scenario: T } | { ok: false; issues: ScenarioIssue[] };

/** How a value from the file reads in a message: `'-3s'`, `12`, `a list`, `a mapping`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return `'${v.length > 60 ? `${v.slice(0, 57)}...` : v}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : 'a list';
  if (typeof v === 'object') return 'a mapping';
  return typeof v;
}
