// Turn one physical line of pasted text into the logical lines rules match against:
// ANSI colours stripped, the literal "\n" OpenClaw prints split out, and gateway JSON log lines
// flattened to `key=value` text so they read like the plain-text log format.
import { logsJsonMessage } from './structured/logs-json.js';

// CSI / OSC escape sequences (colours, cursor moves, hyperlinks).
// Bounded (issue #9 §2): a real CSI has a few parameter bytes, an OSC (a hyperlink) a URL.
const ANSI_RE = /\u001b\[[0-?]{0,64}[ -/]{0,16}[@-~]|\u001b\][^\u0007\u001b]{0,4096}(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function stripAnsi(s: string): string {
  return s.indexOf('\u001b') === -1 ? s : s.replace(ANSI_RE, '');
}

const MAX_JSON_LINE = 64 * 1024;

/** Flatten a JSON log object: message-like fields as text, others as key=value. */
function flattenJson(value: unknown, out: string[], key = ''): void {
  if (out.length > 200) return;
  if (value === null || value === undefined) return;
  if (typeof value === 'string') {
    // Nested JSON inside a string (tslog puts the subsystem there) is flattened too.
    const t = value.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      try {
        flattenJson(JSON.parse(t), out, key);
        return;
      } catch {
        /* plain string */
      }
    }
    out.push(isMessageKey(key) ? value : `${key}=${value}`);
    return;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    out.push(`${key}=${String(value)}`);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) flattenJson(v, out, key);
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === '_meta') continue;
      flattenJson(v, out, k);
    }
  }
}

function isMessageKey(key: string): boolean {
  return key === '' || /^\d+$/.test(key) || key === 'msg' || key === 'message';
}

export function tryFlattenJsonLine(line: string): string | undefined {
  const t = line.trim();
  if (t.length < 2 || t.length > MAX_JSON_LINE || t[0] !== '{' || t[t.length - 1] !== '}') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    return undefined;
  }
  const parts: string[] = [];
  flattenJson(parsed, parts);
  return parts.length ? parts.join(' ') : undefined;
}

// Where a token starts: after whitespace, a quote, a bracket or `=`.
const TOKEN_BREAK = new Set([' ', '\t', '"', "'", '`', '(', '[', '=']);
const WINDOWS_PATH_START = /[A-Za-z]:\\|\\\\/y;
const PATH_CHAR = /[\w.$~-]/;

/**
 * Splits at the literal `\n` / `\r\n` OpenClaw prints, except inside a Windows path token
 * (`C:\Users\me\AppData\Roaming\npm\node_modules`, also JSON-escaped `C:\\…\\npm`), where `\n`
 * starts a directory name. A `\n` right after `:` still splits (`Invalid config at C:\…\openclaw.json:\n- …`).
 * One pass: the token start moves forward only.
 */
export function splitLiteralNewlines(s: string): string[] {
  if (!s.includes('\\n')) return [s];
  const pieces: string[] = [];
  let start = 0;
  let tokenStart = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (TOKEN_BREAK.has(ch)) {
      tokenStart = i + 1;
      continue;
    }
    if (ch !== '\\') continue;
    const len = s[i + 1] === 'n' ? 2 : s.startsWith('r\\n', i + 1) ? 4 : 0;
    if (len === 0) continue;
    WINDOWS_PATH_START.lastIndex = tokenStart;
    const inPath = tokenStart < i && WINDOWS_PATH_START.test(s) && s[i - 1] !== ':' && PATH_CHAR.test(s[i + len] ?? '');
    if (inPath) continue;
    pieces.push(s.slice(start, i));
    start = tokenStart = i + len;
    i += len - 1;
  }
  pieces.push(s.slice(start));
  return pieces;
}

/**
 * One physical line -> logical lines. Docker compose prefixes (`svc  | `) are kept: they are
 * evidence of a container. A JSON line yields its flattened form AND its raw form, so a rule can
 * match either.
 */
export function normalizeLine(raw: string, noControl = false): string[] {
  // noControl: the caller knows the line holds no control character (the scanner's automaton saw
  // none): there is no escape sequence to strip and nothing for CONTROL_RE to replace.
  let s = noControl ? raw : stripAnsi(raw);
  if (s.endsWith('\r')) s = s.slice(0, -1);
  if (!noControl) s = s.replace(CONTROL_RE, ' ');
  const out: string[] = [];
  const flat = tryFlattenJsonLine(s);
  if (flat !== undefined) for (const f of flat.split(/\r?\n/)) if (f.trim().length) out.push(f);
  // `openclaw logs --json`: the record's message as the log line it is.
  const logged = flat !== undefined ? logsJsonMessage(s) : undefined;
  if (logged !== undefined) for (const f of logged.split(/\r?\n/)) if (f.trim().length) out.push(f);
  // OpenClaw prints `Invalid config at <path>:\n- <key>: …` with a literal backslash-n.
  const pieces = splitLiteralNewlines(s);
  for (const p of pieces) {
    if (!p.trim().length) continue;
    out.push(p);
    // A line cut out of a pretty-printed JSON log keeps its escapes (`"1": "… Unrecognized key: \\"x\\""`):
    // the unescaped text is what the rules' quoted strings look for.
    if (flat === undefined && p.includes('\\"')) out.push(p.replace(/\\"/g, '"'));
  }
  return out;
}
