import { isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLError } from 'yaml';
import { describeValue, type IssuePath, type ScenarioIssue } from './issues.js';

/**
 * YAML (and so JSON) text to plain data, keeping the document so that any path into the data can
 * be pointed at by line and column. Data only: the core schema resolves no custom tags, so
 * nothing in a file can run code, and an alias count cap stops "billion laughs" expansion.
 * Merge keys (`<<: *base`, `<<: [*a, *b]`) are on: a mapping takes the fields of the mappings it
 * merges that it does not set itself (earlier sources win over later ones). A path into merged or
 * aliased data is located where the value is written (inside the anchored mapping).
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
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, schema: 'core', merge: true, prettyErrors: false, strict: true });
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
  const badMerge = badMergeSource(doc);
  if (badMerge !== undefined) {
    return {
      ok: false,
      issues: [
        {
          file,
          path: [],
          ...(badMerge.range ? pos(badMerge.range[0]) : {}),
          message: 'a merge key `<<` takes a mapping, an alias of one (`<<: *base`) or a list of them (`<<: [*a, *b]`)',
        },
      ],
    };
  }

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
        const node = walk(doc, path).node;
        return node?.range ? pos(node.range[0]) : undefined;
      },
      locateKey: (path, key) => {
        const w = walk(doc, path);
        if (w.depth < path.length) return undefined;
        const k = findPair(doc, w.node, key)?.key;
        return isNode(k) && k.range ? pos(k.range[0]) : undefined;
      },
    },
  };
}

/**
 * Merge sources nest (a merged mapping may merge others); a lookup visits at most this many
 * mappings, so a file of many-times-merged anchors cannot make locating an error slow.
 */
const MAX_MERGE_VISITS = 1000;

/** An alias stands for the node it names. */
function deref(doc: Document, n: unknown): unknown {
  return isAlias(n) ? n.resolve(doc) : n;
}

const isMergeKey = (k: unknown): boolean => isScalar(k) && typeof k.value === 'symbol' && k.value.description === '<<';

/** The mappings a `<<` value merges, in order (earlier ones win). */
function mergeSources(doc: Document, value: unknown): unknown[] {
  const v = deref(doc, value);
  return isSeq(v) ? v.items.map((it) => deref(doc, it)) : [v];
}

/**
 * The pair of `map` (or of the mappings it merges) that sets `key`: the map's own pair first,
 * then each merge source's in order, as the merge itself resolves it.
 */
function findPair(doc: Document, map: unknown, key: string, budget = { visits: MAX_MERGE_VISITS }): Pair<unknown, unknown> | undefined {
  const m = deref(doc, map);
  if (!isMap(m) || budget.visits-- <= 0) return undefined;
  const own = m.items.find((p) => isPair(p) && isScalar(p.key) && !isMergeKey(p.key) && String(p.key.value) === key);
  if (own !== undefined) return own;
  for (const p of m.items) {
    if (!isMergeKey(p.key)) continue;
    for (const src of mergeSources(doc, p.value)) {
      const found = findPair(doc, src, key, budget);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The node `path` names, or its nearest ancestor that exists, through aliases and merge keys. */
function walk(doc: Document, path: IssuePath): { node: Node | undefined; depth: number } {
  let node: unknown = deref(doc, doc.contents);
  let depth = 0;
  for (const seg of path) {
    let next: unknown;
    if (isSeq(node) && typeof seg === 'number') next = node.items[seg];
    else if (isMap(node)) next = findPair(doc, node, String(seg))?.value;
    next = deref(doc, next);
    if (!isNode(next)) break;
    node = next;
    depth++;
  }
  return { node: isNode(node) ? node : undefined, depth };
}

/** The first `<<` whose value is not a mapping, an alias of one, or a list of those. */
function badMergeSource(doc: Document): Node | undefined {
  let bad: Node | undefined;
  const visit = (n: unknown, depth: number): void => {
    if (bad !== undefined || depth > 1000) return;
    if (isMap(n)) {
      for (const p of n.items) {
        if (isMergeKey(p.key) && !mergeSources(doc, p.value).every((s) => isMap(s))) {
          bad = isNode(p.value) ? p.value : isNode(p.key) ? p.key : undefined;
          return;
        }
        visit(p.value, depth + 1);
      }
    } else if (isSeq(n)) for (const it of n.items) visit(it, depth + 1);
  };
  visit(doc.contents, 0);
  return bad;
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
