/**
 * `JSON.stringify(value, null, 2) + '\n'` (renderJson), in pieces: a report can go to its file
 * or stdout as it is made, without one string of it all. Plain objects and arrays are opened up
 * to STREAMED_DEPTH, deeper values are stringified whole and indented (a JSON string holds no raw
 * newline, so indenting every newline of a nested stringify is exact); pieces are joined into
 * chunks of about CHUNK_CHARS. ECMA-262 JSON.stringify's rules are kept: own enumerable string
 * keys in order, a member whose value stringifies to nothing (undefined, a function, a symbol) left
 * out, the same in an array written `null`, empty containers as `{}` and `[]`. Anything else
 * (a class instance, an object with `toJSON`) is stringified whole.
 */

const STREAMED_DEPTH = 4;
const CHUNK_CHARS = 64 * 1024;

export function* jsonChunks(value: unknown): Generator<string> {
  let chunk = '';
  for (const piece of pieces(value, '', 0)) {
    chunk += piece;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n`;
}

/** A plain object or an array: what stringify writes member by member. */
function container(v: unknown): v is Record<string, unknown> | unknown[] {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** `v` stringified at `indent`, or undefined where stringify writes nothing. */
function leaf(v: unknown, indent: string): string | undefined {
  const s = JSON.stringify(v, null, 2) as string | undefined;
  return s === undefined || indent === '' ? s : s.replaceAll('\n', `\n${indent}`);
}

function* pieces(v: unknown, indent: string, depth: number): Generator<string> {
  if (!opened(v, depth)) {
    yield leaf(v, indent) ?? 'null';
    return;
  }
  const inner = `${indent}  `;
  const isArray = Array.isArray(v);
  let first = true;
  for (const key of isArray ? v.keys() : Object.keys(v)) {
    const member = isArray ? v[key as number] : v[key as string];
    const head = `${first ? (isArray ? '[' : '{') : ','}\n${inner}${isArray ? '' : `${JSON.stringify(key)}: `}`;
    if (opened(member, depth + 1)) {
      yield head;
      yield* pieces(member, inner, depth + 1);
    } else {
      const s = leaf(member, inner);
      // An object leaves such a member out; an array writes null in its place.
      if (s === undefined && !isArray) continue;
      yield head + (s ?? 'null');
    }
    first = false;
  }
  yield first ? (isArray ? '[]' : '{}') : `\n${indent}${isArray ? ']' : '}'}`;
}

/** Whether `v` is written member by member at this depth. */
const opened = (v: unknown, depth: number): v is Record<string, unknown> | unknown[] => depth < STREAMED_DEPTH && container(v);
