// Minimal text edits for JSON-Pointer patch operations on a JSON5 document. Every operation
// splices only the bytes of the value (or member) it changes; comments, key order, quoting,
// indentation and line endings elsewhere stay byte-for-byte. New text follows the style the file
// already uses (indent unit, quote character, quoted or bare keys, trailing commas, CRLF).
// After every operation the text is re-parsed, and the final document is compared with the result
// of applying the same operations to the plain value (applyOpsToValue): a mismatch is an error.
// Over ~300 lines on purpose: one job — minimal text edits on a JSON5 document; style detection, locating and splicing share the concrete syntax tree.
import JSON5 from 'json5';
import {
  findMember,
  nodeAt,
  parseCst,
  parsePointer,
  escapePointerSegment,
  toValue,
  type CstArray,
  type CstDocument,
  type CstNode,
  type CstObject,
} from '../shared/json5/reader.js';
import { sameJson } from '../shared/json/equal.js';

export interface ConcreteOp {
  op: 'test' | 'add' | 'replace' | 'remove' | 'move' | 'copy';
  path: string;
  from?: string;
  value?: unknown;
}

export type PatchErrorKind = 'test-failed' | 'missing-target' | 'invalid' | 'internal';

/** A JSON Pointer as the user writes the key in openclaw.json (`/gateway/auth` → `gateway.auth`). */
export function dotted(pointer: string): string {
  if (!pointer || pointer === '/') return 'the top level of the config';
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
}

export class PatchError extends Error {
  constructor(
    message: string,
    readonly kind: PatchErrorKind,
    readonly op?: ConcreteOp,
  ) {
    super(message);
  }
}

interface Style {
  eol: string;
  unit: string;
  quote: string;
  trailingCommas: boolean;
  /** The whole document is on one line. */
  oneLine: boolean;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// ------------------------------------------------------------------ text helpers

function lineStart(text: string, off: number): number {
  const i = text.lastIndexOf('\n', off - 1);
  return i + 1;
}

/** Offset of the line break ending the line that contains off (or text length). */
function lineEnd(text: string, off: number): number {
  let i = text.indexOf('\n', off);
  if (i < 0) return text.length;
  if (i > 0 && text[i - 1] === '\r') i--;
  return i;
}

/** Offset just past the line break ending the line that contains off. */
function lineEndInclusive(text: string, off: number): number {
  const i = text.indexOf('\n', off);
  return i < 0 ? text.length : i + 1;
}

function indentAt(text: string, off: number): string {
  const s = lineStart(text, off);
  return /^[ \t]*/.exec(text.slice(s))![0];
}

function onlyWsBefore(text: string, off: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, off), off));
}

function sameLine(text: string, a: number, b: number): boolean {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  return !text.slice(lo, hi).includes('\n');
}

/** What follows `off` on its line: nothing, a comment (returned), or more code. */
function restOfLine(text: string, off: number): { kind: 'empty' | 'comment' | 'code'; comment?: string } {
  const end = lineEnd(text, off);
  const rest = text.slice(off, end);
  const trimmed = rest.replace(/^[ \t]+/, '');
  if (trimmed === '') return { kind: 'empty' };
  if (trimmed.startsWith('//')) return { kind: 'comment', comment: trimmed.replace(/[ \t]+$/, '') };
  const block = /^\/\*[\s\S]*?\*\/[ \t]*$/.exec(trimmed);
  if (block) return { kind: 'comment', comment: trimmed.replace(/[ \t]+$/, '') };
  return { kind: 'code' };
}

function applyEdits(text: string, edits: Edit[]): string {
  // Right to left; for insertions at the same offset, the edit listed first ends up first.
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i);
  let out = text;
  let prevStart = Infinity;
  for (const e of sorted) {
    if (e.end > prevStart) throw new PatchError('overlapping edits', 'internal');
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    prevStart = e.start;
  }
  return out;
}

// ------------------------------------------------------------------ style

function* walk(node: CstNode): Generator<CstNode> {
  yield node;
  if (node.kind === 'object') for (const m of node.members) yield* walk(m.value);
  else if (node.kind === 'array') for (const e of node.elements) yield* walk(e.value);
}

function detectStyle(doc: CstDocument): Style {
  const text = doc.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let dq = 0;
  let sq = 0;
  let unit: string | undefined;
  let trailing = 0;
  let nonTrailing = 0;
  for (const n of walk(doc.root)) {
    if (n.kind === 'string') n.quote === "'" ? sq++ : dq++;
    if (n.kind === 'object') for (const m of n.members) if (m.keyQuote === "'") sq++;
    else if (m.keyQuote === '"') dq++;
    if (n.kind === 'object' || n.kind === 'array') {
      const items = n.kind === 'object' ? n.members.map((m) => ({ start: m.keyStart, comma: m.comma })) : n.elements.map((e) => ({ start: e.value.start, comma: e.comma }));
      const first = items[0];
      if (first && !sameLine(text, n.start, first.start) && onlyWsBefore(text, first.start)) {
        if (unit === undefined) {
          const outer = indentAt(text, n.start);
          const inner = indentAt(text, first.start);
          if (inner.startsWith(outer) && inner.length > outer.length) unit = inner.slice(outer.length);
        }
        const last = items[items.length - 1]!;
        if (!sameLine(text, last.start, n.end - 1)) last.comma !== undefined ? trailing++ : nonTrailing++;
      }
    }
  }
  return { eol, unit: unit ?? '  ', quote: sq > dq ? "'" : '"', trailingCommas: trailing > nonTrailing, oneLine: !text.trim().includes('\n') };
}

function quoteString(s: string, q: string): string {
  const json = JSON.stringify(s);
  if (q === '"') return json;
  const inner = json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${inner}'`;
}

interface KeyFmt {
  quote: string; // '' = bare identifiers
  sep: string; // between key and value, e.g. ': '
}

function keyFormat(doc: CstDocument, obj: CstObject | undefined, style: Style): KeyFmt {
  const text = doc.text;
  const pick = (o: CstObject): KeyFmt | undefined => {
    const m = o.members[o.members.length - 1];
    if (!m) return undefined;
    const between = text.slice(m.keyEnd, m.value.start);
    return { quote: m.keyQuote, sep: /^[ \t]*:[ \t]*$/.test(between) ? between : ': ' };
  };
  if (obj) {
    const own = pick(obj);
    if (own) return own;
  }
  for (const n of walk(doc.root)) if (n.kind === 'object') {
    const f = pick(n);
    if (f) return f;
  }
  return { quote: style.quote, sep: style.oneLine ? ':' : ': ' };
}

function formatKey(key: string, fmt: KeyFmt, style: Style): string {
  if (fmt.quote === '' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return key;
  return quoteString(key, fmt.quote || style.quote);
}

interface SerCtx {
  style: Style;
  key: KeyFmt;
  /** Indentation of the line the value starts on. */
  indent: string;
  inline: boolean;
  /** Spaces inside braces for inline objects: `{ a: 1 }` vs `{a: 1}`. */
  pad: boolean;
  /** Prefer this quote for strings (keeps a replaced string's quoting). */
  quote?: string;
}

function serialize(v: unknown, c: SerCtx): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return quoteString(v, c.quote ?? c.style.quote);
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'boolean') return String(v);
  const child = (x: unknown, indent: string) => serialize(x, { ...c, indent, quote: undefined });
  const comma = c.key.sep.endsWith(' ') || !c.style.oneLine ? ', ' : ',';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const flat = v.every((x) => x === null || typeof x !== 'object');
    const inline = `[${v.map((x) => child(x, c.indent)).join(comma)}]`;
    if (c.inline || (flat && inline.length + c.indent.length <= 100)) return inline;
    const inner = c.indent + c.style.unit;
    const items = v.map((x) => inner + child(x, inner));
    return `[${c.style.eol}${items.join(',' + c.style.eol)}${c.style.trailingCommas ? ',' : ''}${c.style.eol}${c.indent}]`;
  }
  if (isObj(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    if (c.inline) {
      const body = keys.map((k) => `${formatKey(k, c.key, c.style)}${c.key.sep}${child(v[k], c.indent)}`).join(comma);
      return c.pad ? `{ ${body} }` : `{${body}}`;
    }
    const inner = c.indent + c.style.unit;
    const items = keys.map((k) => `${inner}${formatKey(k, c.key, c.style)}${c.key.sep}${child(v[k], inner)}`);
    return `{${c.style.eol}${items.join(',' + c.style.eol)}${c.style.trailingCommas ? ',' : ''}${c.style.eol}${c.indent}}`;
  }
  throw new PatchError(`cannot write a value of type ${typeof v}`, 'invalid');
}

// ------------------------------------------------------------------ document access

interface Located {
  node: CstNode;
  parent?: CstObject | CstArray;
  /** Index of the member/element in its parent. */
  index?: number;
}

function locate(doc: CstDocument, pointer: string): Located | undefined {
  const segs = parsePointer(pointer);
  let node: CstNode = doc.root;
  let parent: CstObject | CstArray | undefined;
  let index: number | undefined;
  for (const seg of segs) {
    if (node.kind === 'object') {
      const m = findMember(node, seg);
      if (!m) return undefined;
      parent = node;
      index = node.members.lastIndexOf(m);
      node = m.value;
    } else if (node.kind === 'array') {
      if (!/^(0|[1-9]\d*)$/.test(seg)) return undefined;
      const e = node.elements[Number(seg)];
      if (!e) return undefined;
      parent = node;
      index = Number(seg);
      node = e.value;
    } else return undefined;
  }
  return { node, parent, index };
}

interface Item {
  start: number;
  end: number;
  comma?: number;
}

function items(c: CstObject | CstArray): Item[] {
  return c.kind === 'object'
    ? c.members.map((m) => ({ start: m.keyStart, end: m.value.end, comma: m.comma }))
    : c.elements.map((e) => ({ start: e.value.start, end: e.value.end, comma: e.comma }));
}

function isMultiline(text: string, c: CstObject | CstArray): boolean {
  return !sameLine(text, c.start, c.end - 1);
}

function hasPad(text: string, c: CstObject | CstArray): boolean {
  return /^[{[][ \t]/.test(text.slice(c.start, c.start + 2));
}

function serCtxFor(doc: CstDocument, style: Style, container: CstObject | CstArray, at: number, objForKeys?: CstObject): SerCtx {
  return {
    style,
    key: keyFormat(doc, objForKeys ?? (container.kind === 'object' ? container : undefined), style),
    indent: indentAt(doc.text, at),
    inline: !isMultiline(doc.text, container) && (style.oneLine || items(container).length > 0),
    pad: hasPad(doc.text, container),
  };
}

// ------------------------------------------------------------------ primitive edits

/** Remove item i of a container. */
function removeItemEdits(doc: CstDocument, c: CstObject | CstArray, i: number): Edit[] {
  const text = doc.text;
  const list = items(c);
  const it = list[i]!;
  const prev = list[i - 1];
  const next = list[i + 1];
  const isLast = i === list.length - 1;
  const afterEnd = it.comma !== undefined ? it.comma + 1 : it.end;
  const rest = restOfLine(text, afterEnd);
  const edits: Edit[] = [];
  const ownLine = onlyWsBefore(text, it.start) && rest.kind !== 'code' && !sameLine(text, it.start, c.start);
  if (ownLine) {
    const s = lineStart(text, it.start);
    const e = lineEndInclusive(text, afterEnd);
    // A comment on the removed line is kept on a line of its own: comments are the user's words.
    const replacement = rest.kind === 'comment' ? indentAt(text, it.start) + rest.comment + (text.slice(lineEnd(text, afterEnd), e) || '') : '';
    edits.push({ start: s, end: e, text: replacement });
    if (isLast && it.comma === undefined && prev?.comma !== undefined) edits.push({ start: prev.comma, end: prev.comma + 1, text: '' });
  } else if (!isLast && next) {
    const between = text.slice(afterEnd, next.start);
    if (/^\s*$/.test(between)) edits.push({ start: it.start, end: next.start, text: '' });
    else edits.push({ start: it.start, end: afterEnd + (/^[ \t]*/.exec(between)![0].length), text: '' });
  } else if (prev && prev.comma !== undefined) {
    if (it.comma !== undefined) {
      edits.push({ start: prev.comma + 1, end: afterEnd, text: '' });
    } else {
      const between = text.slice(prev.comma + 1, it.start);
      if (/^\s*$/.test(between)) edits.push({ start: prev.comma, end: it.end, text: '' });
      else {
        edits.push({ start: prev.comma, end: prev.comma + 1, text: '' });
        edits.push({ start: it.start, end: it.end, text: '' });
      }
    }
  } else {
    edits.push({ start: it.start, end: afterEnd, text: '' });
  }
  // An emptied container whose inside is only whitespace collapses to {} / [].
  if (list.length === 1) {
    const simulated = applyEdits(text.slice(c.start, c.end), edits.map((e) => ({ ...e, start: e.start - c.start, end: e.end - c.start })));
    if (/^[{[]\s*[}\]]$/.test(simulated)) return [{ start: c.start, end: c.end, text: c.kind === 'object' ? '{}' : '[]' }];
  }
  return edits;
}

/** Whether commas are followed by a space: this container's commas first, else the document's. */
function commaSpace(text: string, list: Item[]): boolean {
  const own = list.filter((x) => x.comma !== undefined).map((x) => text[x.comma! + 1]);
  if (own.length) return own.some((ch) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r');
  const spaced = (text.match(/,[ \t\r\n]/g) ?? []).length;
  const tight = (text.match(/,[^ \t\r\n]/g) ?? []).length;
  return spaced >= tight;
}

/** Insert a new item (already serialized as `body`) at position i of a container. */
function insertItemEdits(doc: CstDocument, c: CstObject | CstArray, i: number, style: Style, bodyFor: (indent: string, inline: boolean) => string): Edit[] {
  const text = doc.text;
  const list = items(c);
  if (list.length === 0) {
    const inner = text.slice(c.start + 1, c.end - 1);
    const indent = indentAt(text, c.start);
    if (style.oneLine) {
      const pad = /^[ \t]/.test(inner) ? ' ' : '';
      return [{ start: c.start + 1, end: c.end - 1, text: `${pad}${bodyFor(indent, true)}${pad}` }];
    }
    const memberIndent = indent + style.unit;
    if (/^\s*$/.test(inner)) {
      return [{ start: c.start + 1, end: c.end - 1, text: `${style.eol}${memberIndent}${bodyFor(memberIndent, false)}${style.trailingCommas ? ',' : ''}${style.eol}${indent}` }];
    }
    // Only comments inside: put the new item first, keep the comments after it.
    return [{ start: c.start + 1, end: c.start + 1, text: `${style.eol}${memberIndent}${bodyFor(memberIndent, false)}` }];
  }
  if (i >= list.length) {
    const last = list[list.length - 1]!;
    const multiline = !sameLine(text, last.end, c.end - 1);
    if (multiline) {
      const afterLast = last.comma !== undefined ? last.comma + 1 : last.end;
      const rest = restOfLine(text, afterLast);
      const indent = onlyWsBefore(text, last.start) ? indentAt(text, last.start) : indentAt(text, c.start) + style.unit;
      const edits: Edit[] = [];
      if (last.comma === undefined) edits.push({ start: last.end, end: last.end, text: ',' });
      const at = rest.kind === 'code' ? afterLast : lineEnd(text, afterLast);
      edits.push({ start: at, end: at, text: `${style.eol}${indent}${bodyFor(indent, false)}${last.comma !== undefined ? ',' : ''}` });
      return edits;
    }
    const sp = commaSpace(text, list) ? ' ' : '';
    const indent = indentAt(text, last.start);
    if (last.comma !== undefined) return [{ start: last.comma + 1, end: last.comma + 1, text: `${sp || ' '}${bodyFor(indent, true)},` }];
    return [{ start: last.end, end: last.end, text: `,${sp}${bodyFor(indent, true)}` }];
  }
  const target = list[i]!;
  if (onlyWsBefore(text, target.start) && !sameLine(text, c.start, target.start)) {
    const indent = indentAt(text, target.start);
    const s = lineStart(text, target.start);
    return [{ start: s, end: s, text: `${indent}${bodyFor(indent, false)},${style.eol}` }];
  }
  const indent = indentAt(text, target.start);
  return [{ start: target.start, end: target.start, text: `${bodyFor(indent, true)}, ` }];
}

// ------------------------------------------------------------------ operations

class Editor {
  doc: CstDocument;
  style: Style;

  constructor(text: string) {
    this.doc = parseOrThrow(text);
    this.style = detectStyle(this.doc);
  }

  get text(): string {
    return this.doc.text;
  }

  private commit(edits: Edit[]): void {
    const next = applyEdits(this.doc.text, edits);
    this.doc = parseOrThrow(next, 'an edit produced text that does not parse (bug)');
  }

  value(pointer: string): unknown {
    const n = nodeAt(this.doc.root, pointer);
    return n ? toValue(n) : undefined;
  }

  /** Replace the value at pointer with minimal edits (recursing into objects/arrays). */
  replace(pointer: string, value: unknown, raw?: string): void {
    const loc = locate(this.doc, pointer);
    if (!loc) throw new PatchError(`${dotted(pointer)} is not in this config`, 'missing-target');
    const node = loc.node;
    const old = toValue(node);
    if (sameJson(old, value) && raw === undefined) return;
    if (node.kind === 'object' && isObj(value) && raw === undefined) {
      const oldObj = old as Record<string, unknown>;
      for (const k of Object.keys(oldObj)) if (!(k in value)) this.remove(`${pointer}/${escapePointerSegment(k)}`);
      for (const k of Object.keys(value)) {
        const p = `${pointer}/${escapePointerSegment(k)}`;
        if (Object.prototype.hasOwnProperty.call(oldObj, k)) this.replace(p, value[k]);
        else this.add(p, value[k]);
      }
      return;
    }
    if (node.kind === 'array' && Array.isArray(value) && raw === undefined) {
      const oldArr = old as unknown[];
      const common = Math.min(oldArr.length, value.length);
      if (value.length >= oldArr.length) {
        for (let i = 0; i < common; i++) this.replace(`${pointer}/${i}`, value[i]);
        for (let i = oldArr.length; i < value.length; i++) this.add(`${pointer}/-`, value[i]);
        return;
      }
      // Shorter: if the new list is the old one minus some entries, remove those entries.
      const removals = subsequenceRemovals(oldArr, value);
      if (removals) {
        for (const i of removals.reverse()) this.remove(`${pointer}/${i}`);
        return;
      }
    }
    const text = this.doc.text;
    const container = loc.parent;
    const ctx: SerCtx = container
      ? serCtxFor(this.doc, this.style, container, node.start)
      : { style: this.style, key: keyFormat(this.doc, undefined, this.style), indent: indentAt(text, node.start), inline: this.style.oneLine, pad: true };
    ctx.indent = indentAt(text, node.start);
    if (container && !isMultiline(text, container)) ctx.inline = true;
    if (node.kind === 'string' && typeof value === 'string') ctx.quote = node.quote;
    this.commit([{ start: node.start, end: node.end, text: raw ?? serialize(value, ctx) }]);
  }

  remove(pointer: string): void {
    const loc = locate(this.doc, pointer);
    if (!loc || !loc.parent || loc.index === undefined) throw new PatchError(`${dotted(pointer)} is not in this config`, 'missing-target');
    const parent = loc.parent;
    if (parent.kind === 'object') {
      // Duplicate keys: remove every occurrence so the key is really gone.
      const key = parsePointer(pointer).pop()!;
      const idx = parent.members.map((m, i) => (m.key === key ? i : -1)).filter((i) => i >= 0);
      for (const i of idx.reverse()) {
        const cur = locate(this.doc, pointer.split('/').slice(0, -1).join('/'))!.node as CstObject;
        this.commit(removeItemEdits(this.doc, cur, i));
      }
      return;
    }
    this.commit(removeItemEdits(this.doc, parent, loc.index));
  }

  add(pointer: string, value: unknown, raw?: string): void {
    const segs = parsePointer(pointer);
    if (segs.length === 0) throw new PatchError('cannot replace the whole document', 'invalid');
    const key = segs[segs.length - 1]!;
    const parentPtr = pointer.slice(0, pointer.lastIndexOf('/'));
    const parentLoc = locate(this.doc, parentPtr);
    if (!parentLoc) {
      // Create missing parent objects (an extension of RFC 6902 `add`, so a legacy key can move
      // into a block that does not exist yet).
      this.add(parentPtr, {});
      this.add(pointer, value, raw);
      return;
    }
    const parent = parentLoc.node;
    if (parent.kind === 'object') {
      if (findMember(parent, key)) {
        this.replace(pointer, value, raw);
        return;
      }
      const ctxKeys = keyFormat(this.doc, parent, this.style);
      const bodyFor = (indent: string, inline: boolean) =>
        `${formatKey(key, ctxKeys, this.style)}${ctxKeys.sep}${raw ?? serialize(value, { style: this.style, key: ctxKeys, indent, inline, pad: hasPad(this.doc.text, parent) })}`;
      this.commit(insertItemEdits(this.doc, parent, parent.members.length, this.style, bodyFor));
      return;
    }
    if (parent.kind === 'array') {
      const index = key === '-' ? parent.elements.length : /^(0|[1-9]\d*)$/.test(key) ? Number(key) : NaN;
      if (!(index >= 0 && index <= parent.elements.length)) throw new PatchError(`${dotted(parentPtr)} is a list in this config, where the fix expects an object with "${key}"`, 'invalid');
      const kf = keyFormat(this.doc, undefined, this.style);
      const bodyFor = (indent: string, inline: boolean) => raw ?? serialize(value, { style: this.style, key: kf, indent, inline, pad: hasPad(this.doc.text, parent) });
      this.commit(insertItemEdits(this.doc, parent, index, this.style, bodyFor));
      return;
    }
    throw new PatchError(`${dotted(parentPtr)} is a ${parent.kind} in this config, where the fix expects an object`, 'invalid');
  }

  /** A move between keys of the same object is a rename: only the key's text changes. */
  renameInPlace(from: string, to: string): boolean {
    const fromSegs = parsePointer(from);
    const toSegs = parsePointer(to);
    if (fromSegs.length === 0 || fromSegs.length !== toSegs.length) return false;
    if (fromSegs.slice(0, -1).join('\u0000') !== toSegs.slice(0, -1).join('\u0000')) return false;
    const parentPtr = from.slice(0, from.lastIndexOf('/'));
    const parent = locate(this.doc, parentPtr)?.node;
    if (!parent || parent.kind !== 'object') return false;
    const newKey = toSegs[toSegs.length - 1]!;
    if (findMember(parent, newKey)) return false;
    const matches = parent.members.filter((m) => m.key === fromSegs[fromSegs.length - 1]);
    if (matches.length !== 1) return false;
    const m = matches[0]!;
    const fmt: KeyFmt = { quote: m.keyQuote, sep: ': ' };
    this.commit([{ start: m.keyStart, end: m.keyEnd, text: formatKey(newKey, fmt, this.style) }]);
    return true;
  }

  rawOf(pointer: string): string | undefined {
    const n = nodeAt(this.doc.root, pointer);
    if (!n || n.kind === 'object' || n.kind === 'array') return undefined;
    return this.doc.text.slice(n.start, n.end);
  }
}

function subsequenceRemovals(oldArr: unknown[], newArr: unknown[]): number[] | undefined {
  const removed: number[] = [];
  let j = 0;
  for (let i = 0; i < oldArr.length; i++) {
    if (j < newArr.length && sameJson(oldArr[i], newArr[j])) j++;
    else removed.push(i);
  }
  return j === newArr.length ? removed : undefined;
}

function parseOrThrow(text: string, msg?: string): CstDocument {
  try {
    return parseCst(text);
  } catch (err) {
    throw new PatchError(msg ?? `cannot edit this file: ${(err as Error).message}`, msg ? 'internal' : 'invalid');
  }
}

function isPrefixPointer(prefix: string, p: string): boolean {
  return p === prefix || p.startsWith(prefix + '/');
}

/** Apply operations to JSON5 text with minimal edits. Throws PatchError (nothing is half-applied). */
export function applyOpsToText(text: string, ops: ConcreteOp[]): string {
  const ed = new Editor(text);
  for (const op of ops) {
    try {
      switch (op.op) {
        case 'test': {
          const cur = ed.value(op.path);
          if (!sameJson(cur, op.value)) throw new PatchError(`${dotted(op.path)} is ${cur === undefined ? 'no longer in this config' : 'no longer the value the fix expects'}`, 'test-failed', op);
          break;
        }
        case 'replace':
          if (ed.value(op.path) === undefined) throw new PatchError(`${dotted(op.path)} is not in this config`, 'missing-target', op);
          ed.replace(op.path, op.value);
          break;
        case 'add':
          ed.add(op.path, op.value);
          break;
        case 'remove':
          ed.remove(op.path);
          break;
        case 'move':
        case 'copy': {
          if (op.from === undefined) throw new PatchError(`${op.op} needs from`, 'invalid', op);
          const v = ed.value(op.from);
          if (v === undefined) throw new PatchError(`${dotted(op.from)} is not in this config`, 'missing-target', op);
          if (op.op === 'move' && op.from === op.path) break;
          if (op.op === 'move' && isPrefixPointer(op.from, op.path)) throw new PatchError('cannot move a value into itself', 'invalid', op);
          const raw = ed.rawOf(op.from);
          if (op.op === 'move' && ed.renameInPlace(op.from, op.path)) break;
          if (op.op === 'move') ed.remove(op.from);
          ed.add(op.path, v, raw);
          break;
        }
      }
    } catch (err) {
      if (err instanceof PatchError) throw err.op ? err : new PatchError(err.message, err.kind, op);
      throw err;
    }
  }
  return ed.text;
}

// ------------------------------------------------------------------ reference semantics

function clone<T>(v: T): T {
  // structuredClone keeps Infinity/NaN (valid JSON5) and own `__proto__` keys.
  return v === undefined ? v : structuredClone(v);
}

function parentPointerOf(segs: string[]): string {
  return segs.slice(0, -1).map((s) => '/' + escapePointerSegment(s)).join('');
}

function getAt(root: unknown, pointer: string): unknown {
  let cur = root;
  for (const s of parsePointer(pointer)) {
    if (Array.isArray(cur)) cur = /^(0|[1-9]\d*)$/.test(s) ? cur[Number(s)] : undefined;
    else if (isObj(cur)) cur = Object.prototype.hasOwnProperty.call(cur, s) ? cur[s] : undefined;
    else return undefined;
  }
  return cur;
}

function addAt(root: Record<string, unknown>, pointer: string, value: unknown): void {
  const segs = parsePointer(pointer);
  let cur: unknown = root;
  for (let i = 0; i < segs.length - 1; i++) {
    const s = segs[i]!;
    if (Array.isArray(cur)) cur = cur[Number(s)];
    else if (isObj(cur)) {
      if (cur[s] === undefined) cur[s] = {};
      cur = cur[s];
    }
  }
  const last = segs[segs.length - 1]!;
  if (Array.isArray(cur)) cur.splice(last === '-' ? cur.length : Number(last), 0, clone(value));
  else if (isObj(cur)) Object.defineProperty(cur, last, { value: clone(value), enumerable: true, writable: true, configurable: true });
  else throw new PatchError(`${dotted(pointer.slice(0, pointer.lastIndexOf('/')))} is not an object in this config, so the fix cannot add "${last}" to it`, 'invalid');
}

function removeAt(root: Record<string, unknown>, pointer: string): void {
  const segs = parsePointer(pointer);
  const parent = getAt(root, parentPointerOf(segs));
  const last = segs[segs.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isObj(parent)) delete parent[last];
}

/** The same operations on a plain value: what the edited text must parse to. */
export function applyOpsToValue(value: Record<string, unknown>, ops: ConcreteOp[]): Record<string, unknown> {
  const root = clone(value);
  for (const op of ops) {
    switch (op.op) {
      case 'test':
        if (!sameJson(getAt(root, op.path), op.value)) throw new PatchError(`${dotted(op.path)} is no longer the value the fix expects`, 'test-failed', op);
        break;
      case 'replace':
        if (getAt(root, op.path) === undefined) throw new PatchError(`${dotted(op.path)} is not in this config`, 'missing-target', op);
        removeAt(root, op.path);
        addAt(root, op.path, op.value);
        break;
      case 'add': {
        const segs = parsePointer(op.path);
        const parent = getAt(root, parentPointerOf(segs));
        if (isObj(parent) && parent[segs[segs.length - 1]!] !== undefined) removeAt(root, op.path);
        addAt(root, op.path, op.value);
        break;
      }
      case 'remove':
        if (getAt(root, op.path) === undefined) throw new PatchError(`${dotted(op.path)} is not in this config`, 'missing-target', op);
        removeAt(root, op.path);
        break;
      case 'move':
      case 'copy': {
        const v = clone(getAt(root, op.from!));
        if (v === undefined) throw new PatchError(`${dotted(op.from!)} is not in this config`, 'missing-target', op);
        if (op.op === 'move') {
          if (op.from === op.path) break;
          removeAt(root, op.from!);
        }
        const segs = parsePointer(op.path);
        const parent = getAt(root, parentPointerOf(segs));
        if (isObj(parent) && parent[segs[segs.length - 1]!] !== undefined) removeAt(root, op.path);
        addAt(root, op.path, v);
        break;
      }
    }
  }
  return root;
}

/** Apply ops to text and prove the result parses (with json5) to exactly the expected value. */
export function applyPatch(text: string, ops: ConcreteOp[]): string {
  const before = JSON5.parse(text) as Record<string, unknown>;
  const expected = applyOpsToValue(before, ops);
  const out = applyOpsToText(text, ops);
  let got: unknown;
  try {
    got = JSON5.parse(out);
  } catch (err) {
    throw new PatchError(`internal: edited text does not parse: ${(err as Error).message}`, 'internal');
  }
  if (!sameJson(got, expected)) throw new PatchError('internal: edited text does not match the patched value', 'internal');
  // A strict-JSON file stays strict JSON (other tools read openclaw.json with JSON.parse).
  if (isStrictJson(text) && !isStrictJson(out)) throw new PatchError('internal: the edit would turn strict JSON into JSON5', 'internal');
  return out;
}

function isStrictJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
