import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { describeValue, type IssuePath, type ScenarioIssue } from './issues.js';

/**
 * YAML (and so JSON) text to plain data, keeping the document so that any path into the data can
 * be pointed at by line and column. Data only: the core schema resolves no custom tags, so
 * nothing in a file can run code, and an alias count cap stops "billion laughs" expansion.
 */

/** Far more than any real scenario uses; an alias bomb needs thousands. */
const MAX_ALIAS_COUNT = 100;

export type Position = { line: number; column: number };

export interface YamlSource {
  data: unknown;
  /** Where `path` is in the file: the node it names, or its nearest ancestor that exists. */
  locate(path: IssuePath): Position | undefined;
  /** Where the key `key` of the mapping at `path` is written. */
  locateKey(path: IssuePath, key: string): Position | undefined;
}

export function readYaml(text: string, file: string): { ok: true; source: YamlSource } | { ok: false; issues: ScenarioIssue[] } {
  if (text.trim() === '') return fail(file, 'the file is empty: expected a scenario (a mapping with name, duration, nodes, variants and checks)');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, schema: 'core', prettyErrors: false, strict: true });
  const pos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  // Unresolved tags are warnings to the parser; here they mean the file asks for something we do not do.
  const problems: YAMLError[] = [...doc.errors, ...doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')];
  if (problems.length > 0) {
    return { ok: false, issues: problems.map((e) => ({ file, path: [], ...pos(e.pos[0]), message: yamlMessage(e, text) })) };
  }
  if (doc.contents === null) return fail(file, 'the file holds no value (only comments?): expected a scenario mapping');

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const message =
      e instanceof Error && /alias/i.test(e.message)
        ? `too many aliases (more than ${MAX_ALIAS_COUNT} expansions): anchors and aliases are for sharing a few blocks, not for generating data`
        : `could not read the YAML: ${String(e)}`;
    return fail(file, message);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      issues: [
        {
          file,
          path: [],
          ...pos(0),
          message: `expected a mapping at the top level (name: ..., nodes: ..., and so on), found ${describeValue(data)}`,
          expected: 'a mapping',
          found: describeValue(data),
        },
      ],
    };
  }
  return {
    ok: true,
    source: {
      data,
      locate: (path) => {
        const node = nearestNode(doc, path);
        return node?.range ? pos(node.range[0]) : undefined;
      },
      locateKey: (path, key) => {
        const map = doc.getIn(path, true);
        if (!isMap(map)) return undefined;
        const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
        const k = pair?.key;
        return isNode(k) && k.range ? pos(k.range[0]) : undefined;
      },
    },
  };
}

function nearestNode(doc: Document, path: IssuePath) {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node)) return node;
  }
  return undefined;
}

function fail(file: string, message: string): { ok: false; issues: ScenarioIssue[] } {
  return { ok: false, issues: [{ file, path: [], message }] };
}

/** The parser's message, without its own " at line x, column y" (the position is reported separately). */
function yamlMessage(e: YAMLError, source: string): string {
  const text = e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
  // The error marks only the first character of the repeated key; the key runs to its colon.
  if (e.code === 'DUPLICATE_KEY') return `the key '${/^[^:\n,}]*/.exec(source.slice(e.pos[0]))![0].trim()}' appears twice in the same mapping`;
  if (e.code === 'TAG_RESOLVE_FAILED') return `${text}: tags are not supported (scenario files are plain data)`;
  return `malformed YAML: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}
