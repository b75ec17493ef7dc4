// The positional JSON5 reader agrees with the reference `json5` package and puts every value at
// the right line:column. The 3000-document sweep against `json5` is in json5.sweep.test.ts.
import { describe, expect, it } from 'vitest';
import { nodeAt, parseCst, toValue } from '../../src/shared/json5/reader.js';
import { parseConfigText } from '../../src/collectors/config/analyze.js';

describe('JSON5 positional reader', () => {
  it('keeps the last duplicate key like json5, and pointers find it', () => {
    const doc = parseCst('{a: 1, a: {b: 2}}');
    expect(toValue(doc.root)).toEqual({ a: { b: 2 } });
    expect(nodeAt(doc.root, '/a/b')?.start).toBe(14);
  });

  it('treats __proto__ as an ordinary key', () => {
    const doc = parseCst('{"__proto__": {"x": 1}}');
    const v = toValue(doc.root) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reports syntax errors like OpenClaw (json5 messages) with a usable position and hint', () => {
    // corpus cp-spawn-553: a raw newline inside a string.
    const e1 = parseConfigText('{\n  "gateway": {\n    "auth": {\n      "token": "abc\ndef"\n    }\n  }\n}\n').parseError!;
    expect(e1.message).toBe("JSON5 parse failed: invalid character '\\n' at 5:0");
    expect([e1.line, e1.column]).toEqual([4, 20]);
    expect(e1.hint).toMatch(/string is not closed/);
    const e2 = parseConfigText('{\n  gateway: {\n    mode: "local"\n    port: 18789\n  }\n}\n').parseError!;
    expect([e2.line, e2.column]).toEqual([4, 5]);
    expect(e2.hint).toMatch(/comma is probably missing/);
    const e3 = parseConfigText('{ gateway: { bind: lan } }').parseError!;
    expect(e3.hint).toMatch(/put it in quotes/);
    const e4 = parseConfigText('').parseError!;
    expect(e4.hint).toMatch(/empty/);
    const e5 = parseConfigText('[1, 2]').parseError!;
    expect(e5.message).toMatch(/must be an object/);
  });

  it('accepts what OpenClaw accepts: comments, trailing commas, unquoted keys, BOM', () => {
    const p = parseConfigText('\uFEFF// c\n{\n  gateway: { mode: "local", }, /* x */\n}\n');
    expect(p.parseError).toBeUndefined();
    expect(p.cst).toBeDefined();
    expect(p.value).toEqual({ gateway: { mode: 'local' } });
  });
});
