import type { IssuePath, ScenarioIssue } from '../sim/scenario/issues.js';
import { plain, type Style } from './style.js';
import { escapeControl } from './terminal-text.js';

/** Scenario issues as text: `scenarios/x.yaml:12:7: faults[2].duration: expected ..., found '-3s'`. */

/** Beyond this many, a file has a deeper problem (wrong file, wrong format) and more lines do not help. */
export const MAX_ISSUES_SHOWN = 20;

/** `faults[2].duration`; keys that are not plain names are quoted: `variants["my variant"]`. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k)) out += out === '' ? k : `.${k}`;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out;
}

/** One line, whatever the file's name, keys and values hold: control characters are written out (`\e[2J`, `\n`). */
export function formatIssue(issue: ScenarioIssue, style: Style = plain): string {
  const where = escapeControl(issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`);
  const path = issue.path.length > 0 ? `${style.bold(escapeControl(formatPath(issue.path)))}: ` : '';
  return `${style.red(where)}: ${path}${escapeControl(issue.message)}`;
}

/** Every issue (up to the cap), one paragraph each, and a count of what was left out. */
export function formatIssues(issues: readonly ScenarioIssue[], style: Style = plain, max = MAX_ISSUES_SHOWN): string {
  const lines = issues.slice(0, max).map((i) => formatIssue(i, style));
  if (issues.length > max) lines.push(style.dim(`... and ${issues.length - max} more problems not shown`));
  return lines.join('\n') + '\n';
}
