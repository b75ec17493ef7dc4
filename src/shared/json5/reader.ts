// A small lossless JSON5 reader: it records where every key, value, comma and bracket sits in the
// original text, so findings can point at `openclaw.json:12:5` and the fixer can splice minimal
// edits into the file. Values are cross-checked against the reference `json5` package (the parser
// OpenClaw itself uses) by the caller; this reader never decides on its own that a file is valid.
// Over ~300 lines on purpose: one recursive-descent reader over the JSON5 grammar; every production needs the same cursor and position bookkeeping.

export interface CstBase {
  /** Offset of the first character of the value. */
  start: number;
  /** Offset just past the last character of the value. */
  end: number;
}

export interface CstObject extends CstBase {
  kind: 'object';
  members: CstMember[];
}

export interface CstMember {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** `"` or `'` for a quoted key, empty for an identifier. */
  keyQuote: string;
  /** Offset of the `:`. */
  colon: number;
  value: CstNode;
  /** Offset of the comma after the value, when there is one. */
  comma?: number;
}

export interface CstArray extends CstBase {
  kind: 'array';
  elements: CstElement[];
}

export interface CstElement {
  value: CstNode;
  comma?: number;
}

export interface CstPrimitive extends CstBase {
  kind: 'string' | 'number' | 'boolean' | 'null';
  value: string | number | boolean | null;
  /** Quote character of a string value. */
  quote?: string;
}

export type CstNode = CstObject | CstArray | CstPrimitive;

export interface CstDocument {
  text: string;
  root: CstNode;
  /** Offsets at which each line starts (line 1 at index 0). */
  lineStarts: number[];
}

export class Json5SyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** 1-based line and column (UTF-16 units) of an offset. */
export function positionAt(lineStarts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}

// Unicode-property classes, made when a document first needs them rather than when the module
// loads: the first such regex of a process costs ~0.5 ms, and a run without a config file (a pasted
// log) never reads JSON5 (issue #13, start-up).
let wsReMade: RegExp | undefined;
let idStartReMade: RegExp | undefined;
let idPartReMade: RegExp | undefined;
const wsRe = () => (wsReMade ??= /[\t\v\f \u00A0\uFEFF\n\r\u2028\u2029\p{Zs}]/u);
const idStartRe = () => (idStartReMade ??= /[\p{ID_Start}$_]/u);
const idPartRe = () => (idPartReMade ??= /[\p{ID_Continue}$_\u200C\u200D]/u);
const NUMBER_RE = /[+-]?(?:Infinity|NaN|0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;

class Reader {
  pos = 0;
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    this.lineStarts = computeLineStarts(text);
  }

  fail(message: string, at = this.pos): never {
    const { line, column } = positionAt(this.lineStarts, at);
    throw new Json5SyntaxError(`${message} at ${line}:${column}`, at, line, column);
  }

  /** Skip whitespace and comments. */
  skip(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.pos];
      if (c === undefined) return;
      if (wsRe().test(c)) {
        this.pos++;
        continue;
      }
      if (c === '/' && t[this.pos + 1] === '/') {
        this.pos += 2;
        while (this.pos < t.length && !'\n\r\u2028\u2029'.includes(t[this.pos]!)) this.pos++;
        continue;
      }
      if (c === '/' && t[this.pos + 1] === '*') {
        const close = t.indexOf('*/', this.pos + 2);
        if (close < 0) this.fail('unterminated block comment');
        this.pos = close + 2;
        continue;
      }
      return;
    }
  }

  value(depth: number): CstNode {
    if (depth > 512) this.fail('nesting too deep');
    this.skip();
    const c = this.text[this.pos];
    if (c === undefined) this.fail('unexpected end of input');
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"' || c === "'") {
      const start = this.pos;
      const s = this.string();
      return { kind: 'string', value: s, quote: c, start, end: this.pos };
    }
    for (const [word, kind, value] of [
      ['true', 'boolean', true],
      ['false', 'boolean', false],
      ['null', 'null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos) && !idPartRe().test(this.text[this.pos + word.length] ?? ' ')) {
        const start = this.pos;
        this.pos += word.length;
        return { kind, value, start, end: this.pos };
      }
    }
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.text);
    if (m) {
      const start = this.pos;
      this.pos += m[0].length;
      return { kind: 'number', value: numberValue(m[0]), start, end: this.pos };
    }
    this.fail(`invalid character ${JSON.stringify(c)}`);
  }

  private object(depth: number): CstObject {
    const start = this.pos++;
    const members: CstMember[] = [];
    for (;;) {
      this.skip();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { kind: 'object', members, start, end: this.pos };
      }
      const keyStart = this.pos;
      let key: string;
      let keyQuote = '';
      const q = this.text[this.pos];
      if (q === '"' || q === "'") {
        key = this.string();
        keyQuote = q;
      } else key = this.identifier();
      const keyEnd = this.pos;
      this.skip();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after key ${JSON.stringify(key)}`);
      const colon = this.pos++;
      const value = this.value(depth + 1);
      const member: CstMember = { key, keyStart, keyEnd, keyQuote, colon, value };
      members.push(member);
      this.skip();
      const c = this.text[this.pos];
      if (c === ',') {
        member.comma = this.pos++;
        continue;
      }
      if (c === '}') continue;
      this.fail(c === undefined ? 'unexpected end of input' : `invalid character ${JSON.stringify(c)}`);
    }
  }

  private array(depth: number): CstArray {
    const start = this.pos++;
    const elements: CstElement[] = [];
    for (;;) {
      this.skip();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return { kind: 'array', elements, start, end: this.pos };
      }
      const value = this.value(depth + 1);
      const el: CstElement = { value };
      elements.push(el);
      this.skip();
      const c = this.text[this.pos];
      if (c === ',') {
        el.comma = this.pos++;
        continue;
      }
      if (c === ']') continue;
      this.fail(c === undefined ? 'unexpected end of input' : `invalid character ${JSON.stringify(c)}`);
    }
  }

  private identifier(): string {
    let out = '';
    let first = true;
    for (;;) {
      let c = this.text[this.pos];
      if (c === undefined) break;
      if (c === '\\') {
        if (this.text[this.pos + 1] !== 'u') this.fail('invalid identifier escape');
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid unicode escape');
        c = String.fromCharCode(parseInt(hex, 16));
        if (!(first ? idStartRe() : idPartRe()).test(c)) this.fail('invalid identifier character');
        out += c;
        this.pos += 6;
      } else {
        const cp = this.text.codePointAt(this.pos)!;
        const ch = String.fromCodePoint(cp);
        if (!(first ? idStartRe() : idPartRe()).test(ch)) break;
        out += ch;
        this.pos += ch.length;
      }
      first = false;
    }
    if (first) this.fail(`invalid character ${JSON.stringify(this.text[this.pos] ?? 'end of input')}`);
    return out;
  }

  private string(): string {
    const quote = this.text[this.pos++]!;
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('unterminated string');
      if (c === quote) {
        this.pos++;
        return out;
      }
      if (c === '\n' || c === '\r') this.fail(`invalid character ${JSON.stringify(c)}`);
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      const e = this.text[this.pos + 1];
      this.pos += 2;
      switch (e) {
        case undefined:
          this.fail('unterminated string');
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'v':
          out += '\v';
          break;
        case '0':
          if (/[0-9]/.test(this.text[this.pos] ?? '')) this.fail('invalid escape');
          out += '\0';
          break;
        case 'x': {
          const hex = this.text.slice(this.pos, this.pos + 2);
          if (!/^[0-9a-fA-F]{2}$/.test(hex)) this.fail('invalid hex escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 2;
          break;
        }
        case 'u': {
          const hex = this.text.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid unicode escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        case '\r':
          if (this.text[this.pos] === '\n') this.pos++;
          break;
        case '\n':
        case '\u2028':
        case '\u2029':
          break;
        default:
          if (/[1-9]/.test(e)) this.fail('invalid escape');
          out += e;
      }
    }
  }
}

function numberValue(raw: string): number {
  let sign = 1;
  let s = raw;
  if (s[0] === '+' || s[0] === '-') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === 'Infinity') return sign * Infinity;
  if (s === 'NaN') return NaN;
  if (/^0[xX]/.test(s)) return sign * parseInt(s.slice(2), 16);
  return sign * Number(s);
}

/** Parse JSON5 text into a position-carrying tree. Throws Json5SyntaxError. */
export function parseCst(text: string): CstDocument {
  const r = new Reader(text);
  const root = r.value(0);
  r.skip();
  if (r.pos < text.length) r.fail(`invalid character ${JSON.stringify(text[r.pos])}`);
  return { text, root, lineStarts: computeLineStarts(text) };
}

/** The plain JSON value of a node (last duplicate key wins, as in JSON5). */
export function toValue(node: CstNode): unknown {
  if (node.kind === 'object') {
    const out: Record<string, unknown> = {};
    for (const m of node.members) {
      // `__proto__` as a key must become an own property, never the prototype.
      Object.defineProperty(out, m.key, { value: toValue(m.value), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (node.kind === 'array') return node.elements.map((e) => toValue(e.value));
  return node.value;
}

export function escapePointerSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Effective member for a key: the last duplicate, as JSON5 keeps the last value. */
export function findMember(obj: CstObject, key: string): CstMember | undefined {
  for (let i = obj.members.length - 1; i >= 0; i--) if (obj.members[i]!.key === key) return obj.members[i];
  return undefined;
}

/** Node at a JSON pointer, or undefined. */
export function nodeAt(root: CstNode, pointer: string): CstNode | undefined {
  let node: CstNode | undefined = root;
  for (const seg of parsePointer(pointer)) {
    if (!node) return undefined;
    if (node.kind === 'object') node = findMember(node, seg)?.value;
    else if (node.kind === 'array') {
      if (!/^(0|[1-9]\d*)$/.test(seg)) return undefined;
      node = node.elements[Number(seg)]?.value;
    } else return undefined;
  }
  return node;
}

export interface PositionMaps {
  values: Record<string, { line: number; column: number }>;
  keys: Record<string, { line: number; column: number }>;
}

/** JSON pointer -> 1-based position of every value (and every key) in the document. */
export function collectPositions(doc: CstDocument): PositionMaps {
  const values: PositionMaps['values'] = {};
  const keys: PositionMaps['keys'] = {};
  const visit = (node: CstNode, ptr: string) => {
    values[ptr] = positionAt(doc.lineStarts, node.start);
    if (node.kind === 'object') {
      for (const m of node.members) {
        const p = `${ptr}/${escapePointerSegment(m.key)}`;
        keys[p] = positionAt(doc.lineStarts, m.keyStart);
        visit(m.value, p);
      }
    } else if (node.kind === 'array') {
      node.elements.forEach((e, i) => visit(e.value, `${ptr}/${i}`));
    }
  };
  visit(doc.root, '');
  return { values, keys };
}
