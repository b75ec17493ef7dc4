// Minimal text edits: only the edited value changes; comments, order, quoting, indentation and
// line endings elsewhere stay byte-for-byte; the result always parses to the patched value.
import { describe, expect, it } from 'vitest';
import JSON5 from 'json5';
import { applyOpsToValue, applyPatch, PatchError, type ConcreteOp } from '../../src/fixer/edit.js';
import { parseCst, toValue, type CstNode } from '../../src/shared/json5/reader.js';
import { randomDoc, rng } from '../config/random-doc.js';
import { sameJson } from '../../src/shared/json/equal.js';

const apply = (text: string, ops: ConcreteOp[]) => applyPatch(text, ops);

describe('edits keep everything outside the edited value', () => {
  const src = [
    '// my config',
    '{',
    '  gateway: {',
    '    // the port',
    '    port: "18789",',
    '    auth: "my-token", // oops',
    "    token: 'legacy', // old",
    '    trustedProxies: ["172.17.0.0/16", /* c */ "10.0.0.1"],',
    '    bind: "0.0.0.0",',
    '  },',
    '  meta: { lastTouchedVersion: "2026.2.12" },',
    '}',
    '',
  ].join('\n');

  it('string auth becomes an object in place, the trailing comment stays', () => {
    const out = apply(src, [
      { op: 'test', path: '/gateway/auth', value: 'my-token' },
      { op: 'replace', path: '/gateway/auth', value: { mode: 'token', token: 'my-token' } },
    ]);
    expect(out).toBe(src.replace('    auth: "my-token", // oops', '    auth: {\n      mode: "token",\n      token: "my-token",\n    }, // oops'));
  });

  it('primitive replacements splice only the token and keep its quote style', () => {
    expect(apply(src, [{ op: 'replace', path: '/gateway/port', value: 18789 }])).toBe(src.replace('port: "18789"', 'port: 18789'));
    expect(apply(src, [{ op: 'replace', path: '/gateway/token', value: 'x' }])).toBe(src.replace("token: 'legacy'", "token: 'x'"));
    expect(apply(src, [{ op: 'replace', path: '/gateway/trustedProxies/0', value: '172.17.0.1' }])).toBe(src.replace('"172.17.0.0/16"', '"172.17.0.1"'));
  });

  it('moving gateway.token into a new gateway.auth keeps the value text and the comment', () => {
    const text = '{\n  gateway: {\n    mode: "local",\n    token: \'legacy\', // old\n  },\n}\n';
    const out = apply(text, [{ op: 'move', from: '/gateway/token', path: '/gateway/auth/token' }]);
    // The new block goes after the last member; the orphaned comment stays where it was.
    expect(out).toBe("{\n  gateway: {\n    mode: \"local\",\n    auth: {\n      token: 'legacy',\n    },\n    // old\n  },\n}\n");
  });

  it('a rename within one object changes only the key', () => {
    const text = '{\n  gateway: {\n    trustedProxy: ["1.2.3.4"], // mine\n    port: 1,\n  },\n}\n';
    expect(apply(text, [{ op: 'move', from: '/gateway/trustedProxy', path: '/gateway/trustedProxies' }])).toBe(text.replace('trustedProxy:', 'trustedProxies:'));
  });

  it('strict JSON stays strict JSON (no trailing comma left behind, keys quoted)', () => {
    const text = '{\n  "gateway": {\n    "auth": "abc",\n    "token": "abc"\n  }\n}\n';
    const out = apply(text, [
      { op: 'replace', path: '/gateway/auth', value: { mode: 'token', token: 'abc' } },
      { op: 'remove', path: '/gateway/token' },
    ]);
    expect(out).toBe('{\n  "gateway": {\n    "auth": {\n      "mode": "token",\n      "token": "abc"\n    }\n  }\n}\n');
    expect(() => JSON.parse(out)).not.toThrow();
  });

  it('CRLF, tabs and one-line documents keep their style', () => {
    const crlf = '{\r\n  "gateway": {\r\n    "auth": "abc"\r\n  }\r\n}\r\n';
    expect(apply(crlf, [{ op: 'replace', path: '/gateway/auth', value: { mode: 'token', token: 'abc' } }])).toBe(
      '{\r\n  "gateway": {\r\n    "auth": {\r\n      "mode": "token",\r\n      "token": "abc"\r\n    }\r\n  }\r\n}\r\n',
    );
    const tabs = '{\n\t"gateway": {\n\t\t"bind": "0.0.0.0"\n\t}\n}\n';
    expect(apply(tabs, [{ op: 'add', path: '/gateway/mode', value: 'local' }])).toBe('{\n\t"gateway": {\n\t\t"bind": "0.0.0.0",\n\t\t"mode": "local"\n\t}\n}\n');
    const one = '{"gateway":{"auth":"abc","token":"x"}}';
    expect(apply(one, [{ op: 'replace', path: '/gateway/auth', value: { mode: 'token', token: 'abc' } }, { op: 'remove', path: '/gateway/token' }])).toBe('{"gateway":{"auth":{"mode":"token","token":"abc"}}}');
  });

  it('removing the last member of an object collapses it to {} and keeps other lines', () => {
    const text = '{\n  gateway: {\n    controlUi: {\n      allowInsecureAuth: true,\n    },\n    mode: "local",\n  },\n}\n';
    expect(apply(text, [{ op: 'remove', path: '/gateway/controlUi/allowInsecureAuth' }])).toBe('{\n  gateway: {\n    controlUi: {},\n    mode: "local",\n  },\n}\n');
  });

  it('adds follow the file: trailing commas, key quoting, inline arrays', () => {
    expect(apply('{\n  gateway: {},\n}\n', [{ op: 'add', path: '/gateway/mode', value: 'local' }])).toBe('{\n  gateway: {\n    mode: "local",\n  },\n}\n');
    expect(apply('{ "gateway": { "trustedProxies": ["1.2.3.4"] } }', [{ op: 'add', path: '/gateway/trustedProxies/-', value: '5.6.7.8' }])).toBe(
      '{ "gateway": { "trustedProxies": ["1.2.3.4", "5.6.7.8"] } }',
    );
    expect(apply('{\n  "gateway": {\n    "bind": "lan"\n  }\n}', [{ op: 'add', path: '/gateway/controlUi/allowedOrigins', value: ['http://a:1'] }])).toBe(
      '{\n  "gateway": {\n    "bind": "lan",\n    "controlUi": {\n      "allowedOrigins": ["http://a:1"]\n    }\n  }\n}',
    );
  });

  it('a failed precondition or a missing target throws and changes nothing', () => {
    expect(() => apply(src, [{ op: 'test', path: '/gateway/auth', value: 'other' }])).toThrow(PatchError);
    try {
      apply(src, [{ op: 'replace', path: '/gateway/bind', value: 'lan' }, { op: 'test', path: '/gateway/auth', value: 'nope' }]);
    } catch (e) {
      expect((e as PatchError).kind).toBe('test-failed');
    }
    expect(() => apply(src, [{ op: 'remove', path: '/gateway/nothere' }])).toThrow(/gateway.nothere is not in this config/);
    expect(() => apply(src, [{ op: 'add', path: '/gateway/port/x', value: 1 }])).toThrow(/^gateway\.port is (a number|not an object) in this config/);
  });
});

function pointers(node: CstNode, ptr = '', out: Array<[string, CstNode]> = []): Array<[string, CstNode]> {
  out.push([ptr, node]);
  if (node.kind === 'object') {
    const seen = new Set<string>();
    for (const m of node.members) {
      if (seen.has(m.key)) continue;
      seen.add(m.key);
      pointers(m.value, `${ptr}/${m.key.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
    }
  } else if (node.kind === 'array') node.elements.forEach((e, i) => pointers(e.value, `${ptr}/${i}`, out));
  return out;
}

describe('edit property test', () => {
  it('2000 random documents × random operations: result parses to exactly the patched value', () => {
    const r = rng(7);
    const pick = <T,>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
    const newValues: unknown[] = ['lan', 18789, true, null, { mode: 'token', token: 'abc' }, ['10.0.0.1'], {}, [], "it's \"quoted\""];
    let ok = 0;
    let rejected = 0;
    for (let i = 0; i < 2000; i++) {
      const text = `{"root": ${randomDoc(r)}, "other": {"k": 1}}`;
      const doc = parseCst(text);
      const all = pointers(doc.root).filter(([p]) => p !== '');
      const [ptr, node] = pick(all);
      const parentIsObject = (() => {
        const parent = all.find(([p]) => p === ptr.slice(0, ptr.lastIndexOf('/')));
        return ptr.lastIndexOf('/') === 0 || parent?.[1].kind === 'object';
      })();
      const ops: ConcreteOp[] = [];
      switch (Math.floor(r() * 4)) {
        case 0:
          ops.push({ op: 'replace', path: ptr, value: pick(newValues) });
          break;
        case 1:
          ops.push({ op: 'remove', path: ptr });
          break;
        case 2:
          ops.push({ op: 'add', path: node.kind === 'array' ? `${ptr}/-` : node.kind === 'object' ? `${ptr}/newKey` : `${ptr}`, value: pick(newValues) });
          break;
        default:
          if (parentIsObject) ops.push({ op: 'move', from: ptr, path: '/other/moved' });
          else ops.push({ op: 'copy', from: ptr, path: '/other/copied' });
      }
      const before = JSON5.parse(text) as Record<string, unknown>;
      let expected: Record<string, unknown>;
      try {
        expected = applyOpsToValue(before, ops);
      } catch {
        continue;
      }
      let out: string;
      try {
        out = applyPatch(text, ops); // verifies value equality and strict-JSON preservation itself
      } catch (e) {
        // Only refusals are acceptable (e.g. adding inside a string), never a wrong edit.
        expect((e as PatchError).kind, `${text}\n${JSON.stringify(ops)}\n${(e as Error).message}`).not.toBe('internal');
        rejected++;
        continue;
      }
      expect(sameJson(toValue(parseCst(out).root), expected)).toBe(true);
      // A primitive replaced by a primitive: nothing but that token changes.
      if (ops[0]!.op === 'replace' && node.kind !== 'object' && node.kind !== 'array' && (ops[0]!.value === null || typeof ops[0]!.value !== 'object')) {
        expect(out.slice(0, node.start)).toBe(text.slice(0, node.start));
        expect(out.endsWith(text.slice(node.end))).toBe(true);
      }
      ok++;
    }
    expect(ok).toBeGreaterThan(1500);
    expect(rejected).toBeLessThan(300);
  });
});
