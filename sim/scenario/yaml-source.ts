import { isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Pair, type YAMLError } from 'yaml';
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
export const MAX_ALIAS_COUNT = 100;
/**
 * What the YAML library's `toJS` takes for at most MAX_ALIAS_COUNT alias expansions: it counts the
 * anchored node itself too (one anchor used by 100 aliases counts 101).
 */
export const TO_JS_OPTIONS = { maxAliasCount: MAX_ALIAS_COUNT + 1 } as const;
/** How deep lists and mappings may nest: a scenario needs under ten levels; the parser (and every walk of the data) recurses. */
export const MAX_NESTING = 100;

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
  // Before parsing: a million nested brackets would take the parser's memory, not just its time.
  const deep = tooDeep(text);
  if (deep !== undefined) {
    const line = text.slice(0, deep).split('\n').length;
    const column = deep - text.lastIndexOf('\n', deep - 1);
    return {
      ok: false,
      issues: [{ file, path: [], line, column, message: `lists and mappings nest more than ${MAX_NESTING} deep here: a scenario needs a few levels` }],
    };
  }
  const lineCounter = new LineCounter();
  // logLevel 'error': the library's own warnings (a collection as a key...) are issues here, never lines on stderr.
  // uniqueKeys off: the library checks each key against every earlier one (quadratic); oddNodes does it with a set.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, schema: 'core', merge: true, prettyErrors: false, strict: true, logLevel: 'error' });
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
  const odd = oddNodes(doc, text);
  if (odd.length > 0) return { ok: false, issues: odd.map((o) => ({ file, path: [], ...(o.node.range ? pos(o.node.range[0]) : {}), message: o.message })) };
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
    data = doc.toJS({ ...TO_JS_OPTIONS, logLevel: 'error' });
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
  const own = ownPairs(m).get(key);
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

/** A mapping's own pairs by key (merge keys aside), built once per mapping: a lookup per key stays O(1). */
const pairIndex = new WeakMap<object, Map<string, Pair<unknown, unknown>>>();
function ownPairs(m: { items: Pair<unknown, unknown>[] }): Map<string, Pair<unknown, unknown>> {
  let index = pairIndex.get(m);
  if (index === undefined) {
    index = new Map();
    for (const p of m.items) if (isPair(p) && isScalar(p.key) && !isMergeKey(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    pairIndex.set(m, index);
  }
  return index;
}

/**
 * Every node the data cannot hold as the file means it, in file order: a key written twice in
 * one mapping (compared as the library would, by value: \`1\` and \`1.0\` are the same key), a
 * mapping key that is itself a list or a mapping (plain data has names as keys), an alias with no
 * anchor before it.
 */
function oddNodes(doc: Document, text: string): { node: Node; message: string }[] {
  const found: { node: Node; message: string }[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = pair.key;
        if ((isMap(k) || isSeq(k)) && isNode(k)) {
          found.push({
            node: k,
            message: `a mapping key must be a name, found ${isSeq(k) ? 'a list' : 'a mapping'} (\`[a, b]: ...\`): write the key as plain text`,
          });
        } else if (isScalar(k)) {
          const id = `${typeof k.value}:${String(k.value)}`;
          if (seen.has(id) && k.range) {
            // The key runs to its colon, as written (a quoted key keeps its quotes).
            const written = /^[^:\n,}]*/.exec(text.slice(k.range[0]))![0].trim();
            found.push({ node: k, message: `the key '${written}' appears twice in the same mapping` });
          }
          seen.add(id);
        }
      }
      return undefined;
    },
    Alias(_key, alias) {
      if (alias.resolve(doc) === undefined)
        found.push({ node: alias, message: `undefined alias '*${alias.source}': no anchor '&${alias.source}' is set before it` });
      return undefined;
    },
  });
  return found.sort((a, b) => (a.node.range?.[0] ?? 0) - (b.node.range?.[0] ?? 0));
}

/**
 * Where the text nests lists and mappings more than MAX_NESTING deep, judged before parsing:
 * flow brackets (`[[[…`, `{a: {b: …`) outside quotes and comments, and block nesting (deeper
 * indentation, and compact `- - -` entries). Undefined when it does not.
 */
function tooDeep(text: string): number | undefined {
  let flow = 0;
  const indents: number[] = [];
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    if (lineStart) {
      lineStart = false;
      let j = i;
      while (text[j] === ' ') j++;
      if (flow === 0 && text[j] !== '\n' && text[j] !== '\r' && text[j] !== '#' && j < text.length) {
        const indent = j - i;
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
        let dashes = 0;
        while ((text[j] === '-' || text[j] === '?') && (text[j + 1] === ' ' || text[j + 1] === '\t')) {
          if (indents.length + ++dashes > MAX_NESTING) return j;
          j += 2;
          while (text[j] === ' ') j++;
        }
      }
      i = j;
      if (i >= text.length) break;
    }
    const c = text[i]!;
    if (c === '\n') lineStart = true;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end - 1;
    } else if ((c === '"' || c === "'") && /[\s:,[{-]/.test(text[i - 1] ?? ' ')) {
      // A quoted scalar: skip to its closing quote ('' is an escaped ' inside single quotes).
      let j = i + 1;
      for (; j < text.length; j++) {
        if (c === '"' && text[j] === '\\') j++;
        else if (text[j] === c) {
          if (c === "'" && text[j + 1] === "'") j++;
          else break;
        }
      }
      i = j;
    } else if (c === '[' || c === '{') {
      if (++flow > MAX_NESTING) return i;
    } else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
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
