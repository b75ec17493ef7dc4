// Issue #13: extractStructured no longer parses the JSON blocks mayClassify turns down. The blocks
// the consumer acts on (a kind classifyJson names, or a loose doctor finding) must be the ones the
// full scan hands it, in the same order and lines, with maxBlocks falling where the full scan puts it.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { classifyJson, isDoctorFinding, mayClassify } from '../../src/collectors/paste/structured/documents.js';
import { findJsonBlocks, jsonBlocks, type JsonBlockLimits } from '../../src/collectors/paste/structured/json-blocks.js';

type Obj = Record<string, unknown>;
interface Seen { line: number; kind: string; value: unknown }

/** What extractStructured's loop acts on, consuming blocks in order (logs-json kept once). */
function acted(blocks: Iterable<{ value: unknown; line: number }>, state = { logsSeen: false }): Seen[] {
  const out: Seen[] = [];
  for (const b of blocks) {
    const v = b.value as Obj;
    const kind = classifyJson(v);
    if (!kind) {
      if (isDoctorFinding(v)) out.push({ line: b.line, kind: 'finding', value: v });
      continue;
    }
    if (kind === 'logs-json') {
      if (state.logsSeen) continue;
      state.logsSeen = true;
    }
    out.push({ line: b.line, kind, value: v });
  }
  return out;
}

function both(text: string, limits: JsonBlockLimits): { full: Seen[]; filtered: Seen[] } {
  const full = acted(findJsonBlocks(text, limits));
  const state = { logsSeen: false };
  const filtered = acted(jsonBlocks(text, limits, (s) => mayClassify(s, state.logsSeen)), state);
  return { full, filtered };
}

let seed = 13;
const rnd = (n: number): number => {
  seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
  return seed % n;
};
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;

const KEYS = ['ok', 'findings', 'checksRun', 'checkId', 'severity', 'level', 'service', 'rpc', 'port', 'gateway', 'config', 'error', 'type', 'channels', 'durationMs', 'url', 'pending', 'paired', 'message', 'raw', 'file', 'time', '_meta', '0', 'ökay', 'subsystem'];
const STRINGS = ['log', 'meta', 'error', 'a/b', 'doctor/x.y', 'warn', '"ok":true', 'say "type"', 'ünïcødé ✓', '\\u0074ype', '{"findings":[]}', 'x\ny'];

function value(depth: number): unknown {
  switch (rnd(depth > 2 ? 5 : 8)) {
    case 0: return rnd(2) === 0;
    case 1: return pick(STRINGS);
    case 2: return rnd(100);
    case 3: return null;
    case 4: return pick(['log', 'notice', 'raw', 'error', 'meta']);
    case 5: return [object(depth + 1), value(depth + 1)];
    default: return object(depth + 1);
  }
}
/** The shapes that classify (then bent by dropping or adding keys), so both sides come up often. */
const SHAPES: Array<() => Obj> = [
  () => ({ ok: rnd(2) === 0, findings: [{ checkId: 'a/b', severity: 'warn' }], checksRun: 3 }),
  () => ({ ok: true, findings: [{ checkId: 'x/y' }] }),
  () => ({ service: { loaded: true }, rpc: { ok: false }, gateway: { probeUrl: 'ws://127.0.0.1:1' } }),
  () => ({ service: {}, port: { status: 'busy' }, config: {} }),
  () => ({ ok: false, error: { type: 'conn', message: 'refused' } }),
  () => ({ ok: true, channels: {}, durationMs: 5 }),
  () => ({ ok: true, gateway: { url: 'ws://127.0.0.1:18789' } }),
  () => ({ pending: [], paired: [{ deviceId: 'd' }] }),
  () => ({ type: pick(['log', 'meta', 'notice', 'raw', 'error', 'other']), message: 'm', time: 't' }),
  () => ({ type: 'raw', raw: 'r' }),
  () => ({ type: 'notice', file: '/tmp/x.log' }),
  () => ({ checkId: pick(['gateway/auth', 'plain', 'a.b/c-d']), level: 'error', message: 'x' }),
];
function object(depth = 0): Obj {
  const o: Obj = depth === 0 && rnd(2) === 0 ? pick(SHAPES)() : {};
  if (depth === 0 && rnd(3) === 0) delete o[pick(Object.keys(o))];
  for (let k = rnd(depth === 0 ? 4 : 6); k >= 0; k--) o[pick(KEYS)] = value(depth);
  return o;
}
/** One generated line: JSON of a random object, bent now and then (escaped keys, spaces, cut, tail). */
function line(): string {
  let s = JSON.stringify(object());
  const bend = rnd(10);
  if (bend === 0) s = s.replace(/"(ok|type|checkId|pending|service|findings)"/, (_m, k: string) => `"\\u00${k.charCodeAt(0).toString(16)}${k.slice(1)}"`);
  else if (bend === 1) s = s.replace(/":/g, '" : ').replace(/,"/g, ', "');
  else if (bend === 2) s = s.slice(0, 1 + rnd(s.length));
  else if (bend === 3) s = `${s} trailing`;
  else if (bend === 4) s = `${s}\r`;
  else if (bend === 5) s = `  ${s}`;
  else if (bend === 6) s = JSON.stringify(object(), null, 2);
  return s;
}

describe('mayClassify: a block it turns down is one the consumer ignores', () => {
  it('every JSON-shaped line of every readable corpus set', () => {
    const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'corpus');
    // holdout31-33 are fresh sets: never read here.
    const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl') && !/^holdout3[1-3]\b/.test(f));
    expect(files.length).toBeGreaterThan(30);
    let lines = 0;
    let classified = 0;
    let texts = 0;
    for (const f of files) {
      for (const row of readFileSync(`${dir}/${f}`, 'utf8').split('\n')) {
        if (!row.trim()) continue;
        const c = JSON.parse(row) as Obj;
        for (const text of [c.log, c.paste, c.text].filter((t): t is string => typeof t === 'string')) {
          texts++;
          for (const l of text.split('\n')) {
            const t = l.trimStart();
            if (!t.startsWith('{')) continue;
            let v: unknown;
            try { v = JSON.parse(t); } catch { continue; }
            if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
            lines++;
            const matters = classifyJson(v as Obj) !== undefined || isDoctorFinding(v as Obj);
            if (matters) classified++;
            if (matters) expect(mayClassify(t, false), t).toBe(true);
            if (classifyJson(v as Obj) !== undefined && classifyJson(v as Obj) !== 'logs-json') expect(mayClassify(t, true), t).toBe(true);
          }
          const { full, filtered } = both(text, { maxBlock: 512 * 1024, maxBlocks: 5000 });
          expect(filtered, text.slice(0, 200)).toEqual(full);
        }
      }
    }
    expect(texts).toBeGreaterThan(1000);
    expect(lines).toBeGreaterThan(20);
    expect(classified).toBeGreaterThan(0);
  });

  it('every recorded CLI output (fixtures/matrix), one-line and pretty-printed, alone and after log lines', () => {
    const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'matrix');
    const texts: string[] = [];
    for (const d of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      for (const f of readdirSync(join(dir, d.name))) {
        const rec = JSON.parse(readFileSync(join(dir, d.name, f), 'utf8')) as { cli?: Array<{ json?: unknown; stdout?: string }> };
        for (const run of rec.cli ?? []) {
          if (run.json !== undefined) texts.push(JSON.stringify(run.json), JSON.stringify(run.json, null, 2));
          if (run.stdout) texts.push(run.stdout);
        }
      }
    }
    const filler = Array.from({ length: 30 }, (_, k) => `{"0":"{\\"subsystem\\":\\"gateway\\"}","1":"run ${k}","_meta":{"logLevelName":"INFO"}}`).join('\n');
    let classified = 0;
    for (const text of texts) {
      for (const l of text.split('\n')) {
        const t = l.trim();
        if (!t.startsWith('{') || !t.endsWith('}')) continue;
        let v: unknown;
        try { v = JSON.parse(t); } catch { continue; }
        if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
        if (classifyJson(v as Obj) !== undefined || isDoctorFinding(v as Obj)) {
          classified++;
          expect(mayClassify(t, false), t).toBe(true);
        }
      }
      for (const maxBlocks of [5000, 30, 31, 45]) {
        const mixed = `${filler}\n${text}\n${filler}\n${text}`;
        const { full, filtered } = both(mixed, { maxBlock: 512 * 1024, maxBlocks });
        expect(filtered, text.slice(0, 200)).toEqual(full);
      }
      const { full, filtered } = both(text, { maxBlock: 512 * 1024, maxBlocks: 5000 });
      expect(filtered).toEqual(full);
    }
    expect(texts.length).toBeGreaterThan(100);
    expect(classified).toBeGreaterThan(100);
  });

  it('generated lines: nested, escaped keys, keys inside strings, non-ASCII, cut, tails; one line each', () => {
    let matters = 0;
    let turnedDown = 0;
    for (let t = 0; t < 20000; t++) {
      const l = line();
      let v: unknown;
      try { v = JSON.parse(l); } catch { continue; }
      if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
      const kind = classifyJson(v as Obj);
      if (kind !== undefined || isDoctorFinding(v as Obj)) {
        matters++;
        expect(mayClassify(l, false), l).toBe(true);
        if (kind !== undefined && kind !== 'logs-json') expect(mayClassify(l, true), l).toBe(true);
      } else if (!mayClassify(l, false)) turnedDown++;
    }
    // Both sides exercised: objects that classify, and objects the cheap test spares a parse.
    expect(matters).toBeGreaterThan(500);
    expect(turnedDown).toBeGreaterThan(2000);
  });

  it('generated texts: the consumer sees the same blocks, lines and cap as the full scan', () => {
    let seen = 0;
    let capped = 0;
    for (let t = 0; t < 1500; t++) {
      const parts: string[] = [];
      for (let k = 1 + rnd(40); k > 0; k--) parts.push(rnd(5) === 0 ? pick(['plain text {"ok":true}', '', '{', '}', '  {"a":', '  "ok": true}', 'x']) : line());
      const text = parts.join('\n');
      const limits = { maxBlock: rnd(4) === 0 ? 8 + rnd(80) : 4096, maxBlocks: 1 + rnd(rnd(2) ? 6 : 40) };
      const { full, filtered } = both(text, limits);
      seen += full.length;
      if (findJsonBlocks(text, limits).length === limits.maxBlocks) capped++;
      expect(filtered, JSON.stringify({ text, limits })).toEqual(full);
    }
    expect(seen).toBeGreaterThan(1000);
    expect(capped).toBeGreaterThan(300);
  });

  it('the cap: turned-down blocks count when they parse, not when they do not', () => {
    const health = '{"ok":false,"error":{"type":"x"}}';
    const state = { logsSeen: false };
    const run = (text: string, maxBlocks: number): number[] =>
      acted(jsonBlocks(text, { maxBlock: 1024, maxBlocks }, (s) => mayClassify(s, state.logsSeen)), state).map((s) => s.line);
    // Three parsing filler lines take the cap of 3: the health block after them is past it.
    expect(run(['{"a":1}', '{"b":2}', '{"c":3}', health].join('\n'), 3)).toEqual([]);
    expect(run(['{"a":1}', '{"b":2}', '{"c":3}', health].join('\n'), 4)).toEqual([4]);
    // Filler that does not parse (a bare word) counts nothing: the block is within the cap.
    expect(run(['{"a":x}', '{"b":y}', '{"c":z}', health].join('\n'), 3)).toEqual([4]);
    // A line whose braces close early: the full scan parses the closed part and counts it.
    expect(run(['{"a":1} tail', '{"b":2}}', health].join('\n'), 2)).toEqual([]);
    // A block that opens on one line and closes on a later one is read whole, whatever its first line says.
    expect(run(['{"x":1,', '"ok":false,"error":{"type":"y"}}'].join('\n'), 5)).toEqual([1]);
    // After a logs-json record, the next ones are not parsed, yet the cap still sees them.
    const log = '{"type":"log","message":"m"}';
    state.logsSeen = false;
    expect(run([log, log, log, health].join('\n'), 3)).toEqual([1]);
    state.logsSeen = false;
    expect(run([log, log, log, health].join('\n'), 4)).toEqual([1, 4]);
  });

  it('near misses the cheap test must still send to the parse', () => {
    const must = [
      '{"\\u006fk":true,"error":{"type":"x"}}', // an escaped key
      '{"checkId":"a/b","level":"warn"}', // level, not severity
      '{ "pending" : [], "paired" : [] }', // spaced
      '{"service":{},"port":{},"config":{}}',
      '{"ok":true,"channels":{},"durationMs":3}',
      '{"ok":true,"gateway":{"url":"ws://127.0.0.1:18789"}}',
      '{"type":"raw","raw":"x"}',
    ];
    for (const m of must) {
      const v = JSON.parse(m) as Obj;
      expect(classifyJson(v) !== undefined || isDoctorFinding(v), m).toBe(true);
      expect(mayClassify(m, false), m).toBe(true);
    }
    // Turned down: the keys are there in part only, or only as text, or another product's.
    for (const m of ['{"okay":true,"findings":[]}', '{"msg":"\\"ok\\" and \\"findings\\""}', '{"checkId":"a/b"}', '{"status":"ok","service":"x"}']) {
      expect(mayClassify(m, false), m).toBe(false);
    }
    // logs-json keys alone, once a logs-json record was seen.
    expect(mayClassify('{"type":"log","message":"m"}', true)).toBe(false);
  });
});
