// The atlas of OpenClaw's own messages (knowledge/atlas/atlas.json): shape, pattern safety, and the
// extractor on a small synthetic bundle. No network: the atlas is committed data.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM script without type declarations
import { extractFile } from '../../scripts/atlas/lib/js-extract.mjs';
// @ts-expect-error -- plain ESM script without type declarations
import { toPattern, splitHoles, normalise, messageId } from '../../scripts/atlas/lib/pattern.mjs';

interface Where {
  file: string;
  fn?: string;
}
interface Message {
  id: string;
  text: string;
  pattern: string;
  kind: string;
  codes?: { close?: number; error?: string; detail?: string; exit?: number; checkId?: string };
  topic: string;
  releases: string[];
  where: Where[];
  condition?: string;
  family?: string;
  i18nKey?: string;
  translations?: Record<string, string>;
  lang?: string;
  weak?: boolean;
}
interface Atlas {
  schemaVersion: number;
  releases: string[];
  messages: Message[];
}

const ATLAS = path.resolve(__dirname, '../../knowledge/atlas/atlas.json');
const atlas = JSON.parse(fs.readFileSync(ATLAS, 'utf8')) as Atlas;

const KINDS = new Set(['close-reason', 'error-code', 'throw', 'log-error', 'log-warn', 'log-info', 'cli-output', 'doctor-check', 'ui-text', 'exit', 'text']);
const TOPICS = new Set(['startup', 'auth', 'pairing', 'device', 'origin', 'proxy', 'tls', 'tailscale', 'service', 'config', 'port', 'lock', 'rate-limit', 'protocol', 'cli', 'status', 'doctor', 'control-ui', 'other']);

function cmpVersion(a: string, b: string): number {
  const pa = a.split('-')[0]!.split('.').map(Number);
  const pb = b.split('-')[0]!.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return a.includes('-') === b.includes('-') ? a.localeCompare(b) : a.includes('-') ? -1 : 1;
}

/** Fill every ${...} hole with a sample value (balanced braces, like the generator). */
function fill(text: string, sample: string): string {
  return (splitHoles(text) as Array<{ lit?: string; hole?: string }>).map((p) => (p.lit !== undefined ? p.lit : sample)).join('');
}

describe('atlas.json shape', () => {
  it('has schemaVersion 1 and sorted, unique releases', () => {
    expect(atlas.schemaVersion).toBe(1);
    expect(atlas.releases.length).toBeGreaterThanOrEqual(9);
    expect([...atlas.releases].sort(cmpVersion)).toEqual(atlas.releases);
    expect(new Set(atlas.releases).size).toBe(atlas.releases.length);
    // every minor line since 2026.1 up to the newest extracted
    const lines = new Set(atlas.releases.map((v) => v.split('.').slice(0, 2).join('.')));
    for (let m = 1; m <= 9; m++) expect(lines.has(`2026.${m}`)).toBe(true);
  });

  it('has unique ids and well-formed entries', () => {
    const ids = new Set<string>();
    const releaseSet = new Set(atlas.releases);
    const problems: string[] = [];
    const check = (ok: boolean, what: string, m: Message) => {
      if (!ok) problems.push(`${m.id}: ${what}`);
    };
    for (const m of atlas.messages) {
      check(!ids.has(m.id), 'duplicate id', m);
      ids.add(m.id);
      check(typeof m.text === 'string' && m.text.length > 0, 'empty text', m);
      check(KINDS.has(m.kind), `kind ${m.kind}`, m);
      check(TOPICS.has(m.topic), `topic ${m.topic}`, m);
      check(m.releases.length > 0, 'no releases', m);
      check([...m.releases].sort(cmpVersion).join() === m.releases.join(), 'releases not sorted', m);
      check(m.releases.every((v) => releaseSet.has(v)), 'unknown release', m);
      check(m.where.length > 0 && m.where.every((w) => typeof w.file === 'string' && w.file.length > 0), 'where', m);
      if (m.codes?.close !== undefined) check(Number.isInteger(m.codes.close) && m.codes.close >= 1000 && m.codes.close < 5000, 'close code', m);
      if (m.codes?.exit !== undefined) check(Number.isInteger(m.codes.exit), 'exit code', m);
      if (m.codes?.error !== undefined) check(/^[A-Z][A-Z0-9_]+$/.test(m.codes.error), 'error code', m);
      if (m.kind === 'doctor-check') check(m.codes?.checkId === m.text, 'checkId', m);
      if (m.condition !== undefined) check(m.condition.length <= 160, 'condition too long', m);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(ids.size).toBe(atlas.messages.length);
  });

  it('derives ids from the normalised text', () => {
    for (const m of atlas.messages.slice(0, 500)) expect(m.id.startsWith(messageId(m.text))).toBe(true);
  });

  it('links families to existing ids', () => {
    const ids = new Set(atlas.messages.map((m) => m.id));
    const fams = atlas.messages.filter((m) => m.family);
    expect(fams.length).toBeGreaterThan(0);
    for (const m of fams) expect(ids.has(m.family!), m.family).toBe(true);
  });

  it('is sorted deterministically (topic, kind, normalised text, id)', () => {
    const key = (m: Message) => [m.topic, m.kind, normalise(m.text).toLowerCase(), m.id] as const;
    for (let i = 1; i < atlas.messages.length; i++) {
      const a = key(atlas.messages[i - 1]!);
      const b = key(atlas.messages[i]!);
      const c = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2].localeCompare(b[2], 'en') || (a[3] < b[3] ? -1 : 1);
      expect(c, `${a.join('|')} vs ${b.join('|')}`).toBeLessThanOrEqual(0);
    }
  });
});

describe('atlas patterns', () => {
  it('compile, are linear-time safe by construction, and match their own text', () => {
    const bad: string[] = [];
    for (const m of atlas.messages) {
      const src = m.pattern;
      const unescaped = src.replace(/\\[\s\S]/g, 'e'); // drop every escape pair: what is left is syntax
      // no groups at all (so no nested quantifier and no lookaround), no backreferences
      if (unescaped.includes('(')) bad.push(`${m.id}: group in /${src}/`);
      if (/\\[1-9]|\\k</.test(src.replace(/\\\\/g, ''))) bad.push(`${m.id}: backreference in /${src}/`);
      let re: RegExp;
      try {
        re = new RegExp(src, 'i');
      } catch (e) {
        bad.push(`${m.id}: does not compile: ${String(e)}`);
        continue;
      }
      for (const sample of ['lan', 'v4lue-1']) if (!re.test(fill(m.text, sample))) bad.push(`${m.id}: /${src}/ !~ ${fill(m.text, sample)}`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('finds the known close reasons and log lines', () => {
    const find = (s: string) => atlas.messages.filter((m) => !m.weak && new RegExp(m.pattern, 'i').test(s));
    const known: Array<[string, Partial<Message> & { close?: number }]> = [
      ['pairing required', { kind: 'close-reason', close: 1008 }],
      ['device identity required', { kind: 'close-reason', close: 1008 }],
      ['control ui requires device identity (use HTTPS or localhost secure context)', { kind: 'close-reason', close: 1008 }],
      ['unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)', { kind: 'close-reason', close: 1008 }],
      ['gateway closed (4000): tick timeout', {}],
      ['Refusing to bind gateway to lan without auth', {}],
      ['Missing config. Run openclaw setup or set gateway.mode=local (or pass --allow-unconfigured)', {}],
      ['gateway already running under systemd; existing gateway is healthy, exiting with code 78 to prevent a systemd Restart=always loop', {}],
      ['LaunchAgent is installed but not loaded in launchd.', {}],
    ];
    for (const [line, want] of known) {
      const hits = find(line);
      expect(hits.length, line).toBeGreaterThan(0);
      if (want.kind) expect(hits.some((h) => h.kind === want.kind && (want.close === undefined || h.codes?.close === want.close)), line).toBe(true);
    }
  });
});

describe('pattern generator', () => {
  it('turns holes into simple classes and keeps literals exact', () => {
    expect(toPattern('Refusing to bind gateway to ${bind} without auth.')).toBe('Refusing to bind gateway to \\S+ without auth');
    expect(toPattern('gateway closed (${code}): ${reason}')).toBe('gateway closed \\(\\S+\\)');
    expect(toPattern('${a}${b} only holes at the edges ${c}')).toBe('only holes at the edges');
    const p = toPattern('unauthorized: gateway token missing (${hint ? `x ${y}` : {a: 1}.a})');
    expect(new RegExp(p, 'i').test('unauthorized: gateway token missing (anything here)')).toBe(true);
  });
});

describe('extractor on a synthetic rolldown bundle', () => {
  const src = [
    'import { x } from "./y.js";',
    '//#region src/gateway/server/ws-connection/auth-messages.ts',
    'function formatAuth(reason, hint) {',
    '\tswitch (reason) {',
    '\t\tcase "token_mismatch": return `unauthorized: gateway token mismatch (${hint})`;',
    '\t\tcase "rate_limited": return "unauthorized: too many failed authentication attempts (retry later)";',
    '\t}',
    '\treturn "unauthorized";',
    '}',
    '//#endregion',
    '//#region src/gateway/server/ws-connection/connect-auth.ts',
    'function reject(close, reason) {',
    '\tconst msg = formatAuth(reason, "set gateway.remote.token");',
    '\tclose(1008, truncateCloseReason(msg));',
    '}',
    'function guard(bind, authMode, runtime) {',
    '\tif (bind !== "loopback" && authMode === "none") {',
    '\t\truntime.error(["Refusing to bind gateway to " + bind + " without auth.", "Set gateway.auth.token."].join("\\n"));',
    '\t\truntime.exit(78);',
    '\t}',
    '}',
    'function pairDevice(close, send) {',
    '\tconst failPairing = (params) => {',
    '\t\tconst { message, closeReason } = params;',
    '\t\tsend(errorShape(ErrorCodes.NOT_PAIRED, message));',
    '\t\tclose(1008, truncateCloseReason(closeReason ?? message));',
    '\t};',
    '\tfailPairing({ message: "pairing required: approve this device first" });',
    '}',
    'const ErrorCodes = { NOT_PAIRED: "NOT_PAIRED", INVALID_REQUEST: "INVALID_REQUEST" };',
    '//#endregion',
    '//#region src/agents/unrelated.ts',
    'function chat() { throw new Error("model quota exceeded for this account"); }',
    '//#endregion',
  ].join('\n');
  const res = extractFile({ src, distPath: 'dist/x-abc.js', bundled: true, ui: false });
  const by = (t: string) => res.records.find((r: { text: string }) => r.text === t);

  it('follows a close() through a const and a function to its return strings', () => {
    const r = by('unauthorized: gateway token mismatch (${hint})');
    expect(r).toMatchObject({ kind: 'close-reason', codes: { close: 1008 }, file: 'src/gateway/server/ws-connection/auth-messages.ts', fn: 'formatAuth', condition: 'reason === "token_mismatch"' });
    expect(by('unauthorized: too many failed authentication attempts (retry later)')?.kind).toBe('close-reason');
  });

  it('keeps concatenations whole, with the guard condition and a nearby exit code', () => {
    const r = by('Refusing to bind gateway to ${bind} without auth.');
    expect(r).toMatchObject({ kind: 'log-error', codes: { exit: 78 }, fn: 'guard' });
    expect(r.condition).toBe('bind !== "loopback" && authMode === "none"');
  });

  it('follows a message through a destructured parameter to the call site', () => {
    expect(by('pairing required: approve this device first')).toMatchObject({ kind: 'close-reason', codes: { close: 1008, error: 'NOT_PAIRED' } });
  });

  it('extracts error-code enums and skips unrelated regions', () => {
    expect(by('NOT_PAIRED')).toMatchObject({ kind: 'error-code', codes: { error: 'NOT_PAIRED' } });
    expect(by('model quota exceeded for this account')).toBeUndefined();
  });
});
