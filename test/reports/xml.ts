/**
 * A strict, minimal XML well-formedness check and tree, enough to read a JUnit report: elements,
 * attributes (quoted, unique), character data, the five entities and numeric references, an XML
 * declaration. Anything else (a stray `<` or `&`, a mismatched or unclosed tag) throws.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, where: number): string {
  if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bad character data near offset ${where}: ${s.slice(0, 40)}`);
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITY[e]!,
  );
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  if (xml.startsWith('<?xml')) i = xml.indexOf('?>') + 2;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root element at ${i}`);
    if (stack.length > 0) stack[stack.length - 1]!.text += decode(text, i);
    if (lt < 0) break;
    i = lt + 1;
    if (xml[i] === '/') {
      const name = NAME.exec(xml.slice(i + 1))?.[0];
      const open = stack.pop();
      if (name === undefined || open?.name !== name) throw new Error(`mismatched </${name}> at ${i}`);
      i = xml.indexOf('>', i) + 1;
      continue;
    }
    const name = NAME.exec(xml.slice(i))?.[0];
    if (name === undefined) throw new Error(`bad tag at ${i}`);
    i += name.length;
    const el: XmlElement = { name, attrs: {}, children: [], text: '' };
    for (;;) {
      const m = /^\s+([A-Za-z_][\w.:-]*)="([^"]*)"|^\s*(\/?)>/.exec(xml.slice(i));
      if (m === null) throw new Error(`bad attribute in <${name}> at ${i}`);
      i += m[0].length;
      if (m[1] !== undefined) {
        if (m[1] in el.attrs) throw new Error(`duplicate attribute ${m[1]}`);
        el.attrs[m[1]] = decode(m[2]!, i);
        continue;
      }
      if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
      else if (root === undefined) root = el;
      else throw new Error('two root elements');
      if (m[3] !== '/') stack.push(el);
      break;
    }
  }
  if (stack.length > 0 || root === undefined) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  return root;
}
