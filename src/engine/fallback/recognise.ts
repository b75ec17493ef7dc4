// What a paste says about a connection even when no rule explains it: the client, the version,
// the error class, the endpoint and close code, and whether the text is someone else's problem
// (a model provider, a chat channel, the browser tool's port). Pure; the words come from the lexicons.
import type { LineRef, PasteFacts } from '../../types.js';
import type { LexiconIndex } from './types.js';

export interface Recognised {
  clients: string[];
  versions: string[];
  errorClasses: string[];
  closeCodes: Array<{ code: number; reason: string }>;
  endpoints: string[];
  /** Gateway/connection words found (from the lexicons). */
  words: string[];
}

export interface NotGatewayNote {
  why: string;
  line: number;
  text: string;
  /** Set when the note is that the paste is about another product's gateway (src/derive/owner.ts): that product. */
  owner?: string;
  /** Set when the text is a guide that quotes error lines (src/derive/text-kind.ts): mentioned, not reported. */
  mentioned?: true;
  /** Set when the note says the gateway itself serves (lexicon `clientSide`): a client's complaint on its line stands. */
  clientSide?: true;
}

const ERROR_CLASS_RE =
  /\b(E(?:CONNREFUSED|CONNRESET|CONNABORTED|TIMEDOUT|HOSTUNREACH|NETUNREACH|NOTFOUND|ADDRINUSE|ADDRNOTAVAIL|ACCES|PERM|PIPE|PROTO|AI_AGAIN)|ERR_[A-Z0-9_]{3,}|[A-Z][A-Za-z]*Error|(?:4\d\d|5\d\d) (?:Bad Gateway|Unauthorized|Forbidden|Not Found|Service Unavailable|Gateway Timeout|Bad Request|Upgrade Required))\b/g;
// Close codes the paste extractor does not know (OpenClaw's own 4000-range codes among them).
// Also a client's own wording: `Connection closed: 1006`, `WebSocket closed (code 1006)`.
const CLOSE_RE = /\b(?:closed|disconnected|close code|code[=:])\s{0,4}(?::\s{0,4}|\(\s{0,4}(?:code\s{0,4})?)?([14]\d{3})\b\)?\s*:?\s*([^\n]{0,80})/i;
const MAX_ITEMS = 5;
/**
 * WebSocket closes that are no failure: 1000 normal closure, 1001 going away (a tab closed, a client leaving).
 * 1005 (no status) is not among them: OpenClaw's own client retries it like 1006 (RETRYABLE_WEBSOCKET_CLOSE_CODES
 * in 2026.9.6's dist), so it is an unclean end there, not a normal leave.
 */
export const NORMAL_CLOSES: ReadonlySet<number> = new Set([1000, 1001]);
const failedClose = (code: number): boolean => !NORMAL_CLOSES.has(code);

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)].slice(0, MAX_ITEMS);
}

export function containsAny(text: string, phrases: string[]): string[] {
  const lower = text.toLowerCase();
  return phrases.filter((p) => lower.includes(p.toLowerCase()));
}

export function recognise(paste: PasteFacts, index: LexiconIndex): Recognised {
  const text = paste.kept.map((l) => l.text).join('\n');
  const clients = Object.entries(index.clients)
    .filter(([, phrases]) => containsAny(text, phrases).length > 0)
    .map(([kind]) => kind);
  const errorClasses = uniq([...text.matchAll(ERROR_CLASS_RE)].map((m) => m[1]!).concat(paste.codes.map((c) => c.code)));
  const endpoints = uniq([
    ...paste.urls.map((u) => `${u.scheme}://${u.host}${u.port ? `:${u.port}` : ''}`),
    ...paste.hosts.filter((h) => paste.ports.some((p) => p.line === h.line)).map((h) => `${h.host}:${paste.ports.find((p) => p.line === h.line)!.port}`),
    ...paste.ports.filter((p) => !paste.hosts.some((h) => h.line === p.line)).map((p) => `port ${p.port}`),
  ]);
  return {
    clients: uniq(clients),
    versions: uniq(paste.versions.map((v) => v.version)),
    errorClasses,
    closeCodes: uniq(closes(paste).map((c) => `${c.code}\u0000${c.reason}`)).map((k) => {
      const [code, reason] = k.split('\u0000');
      return { code: Number(code), reason: reason ?? '' };
    }),
    endpoints,
    words: uniq(containsAny(text, index.connection)),
  };
}

/** The closes that say something failed: a normal closure is how a healthy session ends, not a connection problem. */
function closes(paste: PasteFacts): Array<{ code: number; reason: string }> {
  const extracted = paste.closes.filter((c) => failedClose(c.code));
  if (extracted.length) return extracted;
  const out = [];
  for (const l of paste.kept) {
    const m = CLOSE_RE.exec(l.text);
    if (m && failedClose(Number(m[1]))) out.push({ code: Number(m[1]), reason: m[2]!.trim() });
  }
  return out;
}

/**
 * A paste looks like a connection problem when it names the gateway or shows a network failure.
 * A client's name alone ("the panel", "控制台") says what the text is about, not that anything failed.
 */
export function looksLikeConnection(r: Recognised): boolean {
  return r.words.length > 0 || r.closeCodes.length > 0 || r.errorClasses.length > 0 || r.endpoints.length > 0;
}

type NotGatewayPattern = { re: RegExp; why: string; unless?: RegExp; clientSide?: true };
const compiled = new WeakMap<LexiconIndex, NotGatewayPattern[]>();

function notGatewayPatterns(index: LexiconIndex): NotGatewayPattern[] {
  let patterns = compiled.get(index);
  if (!patterns) {
    patterns = index.notGateway.map((n) => ({ re: new RegExp(n.regex, 'i'), why: n.why, ...(n.unless ? { unless: new RegExp(n.unless, 'i') } : {}), ...(n.clientSide ? { clientSide: true as const } : {}) }));
    compiled.set(index, patterns);
  }
  return patterns;
}

/** `unless`: the line says it is the gateway's after all. */
const fits = (q: NotGatewayPattern, text: string): boolean => q.re.test(text) && !q.unless?.test(text);

/** Lines that are a model provider's, a chat channel's or the browser tool's problem. */
export function notGatewayNotes(lines: LineRef[], index: LexiconIndex): NotGatewayNote[] {
  const out: NotGatewayNote[] = [];
  const patterns = notGatewayPatterns(index);
  for (const l of lines) {
    // One reason per line (the first, most specific one) and per kind.
    const p = patterns.find((q) => !out.some((o) => o.why === q.why) && fits(q, l.text));
    if (p) out.push({ why: p.why, line: l.line, text: l.text.slice(0, 240), ...(p.clientSide ? { clientSide: true as const } : {}) });
    if (out.length >= patterns.length) break;
  }
  return out;
}

/**
 * Every line a note explains — not only the first line of each kind that `notGatewayNotes` reports:
 * a line whose first fitting pattern is not `clientSide` (a serving gateway's own line with a
 * client's complaint is not explained).
 */
export function explainedLines(lines: LineRef[], index: LexiconIndex): LineRef[] {
  const patterns = notGatewayPatterns(index);
  return lines.filter((l) => {
    const p = patterns.find((q) => fits(q, l.text));
    return p !== undefined && !p.clientSide;
  });
}

/** ruledOut and needs, compiled once per index: a category (or a rule) is out when a `ruledOut` line is shown or no `needs` line is. */
const compiledCategoryLines = new WeakMap<LexiconIndex, Array<{ re: RegExp; categories: readonly string[]; outWhenShown: boolean }>>();

/**
 * Categories the possible-causes ranker must not suggest for these lines: those a line rules out
 * (lexicon `ruledOut`: the gateway answered its probe → not gateway-down) and those whose
 * precondition no line shows (lexicon `needs`: a Tailscale cause needs Tailscale in the paste).
 * The set also holds rule ids (`rules` of an entry): one cause whose precondition no line shows
 * while the rest of its category stays (the pre-auth socket budget without any socket limit named).
 */
export function excludedCategories(lines: LineRef[], index: LexiconIndex): Set<string> {
  let patterns = compiledCategoryLines.get(index);
  if (!patterns) {
    const compile = (list: LexiconIndex['ruledOut'] | undefined, outWhenShown: boolean) => (list ?? []).map((n) => ({ re: new RegExp(n.regex, 'i'), categories: [...(n.categories ?? []), ...(n.rules ?? [])], outWhenShown }));
    compiledCategoryLines.set(index, (patterns = [...compile(index.ruledOut, true), ...compile(index.needs, false)]));
  }
  const out = new Set<string>();
  for (const p of patterns) if (lines.some((l) => p.re.test(l.text)) === p.outWhenShown) for (const c of p.categories) out.add(c);
  return out;
}

/** Lexicon regexes given as plain strings (featureText), case-insensitive. */
const compileSources = (sources: string[]): RegExp[] => sources.map((source) => new RegExp(source, 'i'));

const compiledFeature = new WeakMap<LexiconIndex, { opens: RegExp[]; asks: RegExp[]; advisory: RegExp[]; reports: RegExp[] }>();

/**
 * The text's kind is not a failure report: a line opens it as a feature, docs or deployment
 * description (lexicon `featureText.opens`), states that the gateway serves (`serves`), or its
 * first line asks a question or makes a request (`asks`: measured, a question further down — "any
 * idea what is going on?" — ends failure reports too) — and no word of it reports or fixes a failure
 * (`reports`). A security advisory (`advisory`: something is too reachable, not unreachable) is of
 * that kind whatever words it uses. The caller also requires no complaint, close code or error class
 * before it withholds lexical guesses.
 */
export function opensAsFeature(lines: LineRef[], index: LexiconIndex): boolean {
  const f = index.featureText;
  if (!f) return false;
  let re = compiledFeature.get(index);
  if (!re) compiledFeature.set(index, (re = { opens: compileSources([...f.opens, ...(f.serves ?? [])]), asks: compileSources(f.asks ?? []), advisory: compileSources(f.advisory ?? []), reports: compileSources(f.reports) }));
  const { opens, asks, advisory, reports } = re;
  if (lines.some((l) => advisory.some((a) => a.test(l.text)))) return true;
  const first = lines.find((l) => l.text.trim());
  const kind = lines.some((l) => opens.some((o) => o.test(l.text))) || (first !== undefined && asks.some((a) => a.test(first.text)));
  return kind && !lines.some((l) => reports.some((r) => r.test(l.text)));
}

const compiledNames = new WeakMap<LexiconIndex, RegExp[]>();

/**
 * Whether a line names OpenClaw or a part of it (lexicon `names`). A line is read after the last word of
 * the line just before it: a name wrapped across lines ("Control" / "UI") names it, and the word that
 * makes a wrapped "gateway" another thing's ("502 Bad" / "Gateway") is seen. A match must end in the
 * line itself (the word carried over was judged on its own line, with all of its context).
 */
export function namesOpenClaw(lines: LineRef[], index: LexiconIndex): boolean {
  let names = compiledNames.get(index);
  if (!names) compiledNames.set(index, (names = (index.names ?? []).map((source) => new RegExp(source, 'gi'))));
  return lines.some((l, i) => {
    const prev = lines[i - 1];
    const carried = prev && prev.line === l.line - 1 ? `${lastWord(prev.text)} ` : '';
    const text = carried + l.text;
    return names!.some((n) => endsAfter(n, text, carried.length));
  });
}

/** Whether a match of `re` (flags `gi`) in `text` ends after `from`. The first match decides most lines. */
function endsAfter(re: RegExp, text: string, from: number): boolean {
  re.lastIndex = 0;
  const first = re.exec(text);
  if (!first) return false;
  if (first.index + first[0].length > from) return true;
  for (const m of text.matchAll(re)) if (m.index! + m[0].length > from) return true;
  return false;
}

function lastWord(text: string): string {
  const t = text.trimEnd();
  return t.slice(Math.max(t.lastIndexOf(' '), t.lastIndexOf('\t')) + 1);
}

/** Whether `:port` on this line is only a group inside an IPv6 address (`2606:4700:a0::9`), not a port. */
function inIpv6(text: string, port: number): boolean {
  const needle = `:${port}`;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    const after = text[i + needle.length];
    if (after !== ':' && (after === undefined || !/[0-9a-f]/i.test(after))) return false;
  }
  return text.includes(needle);
}

/** OpenClaw's own ports: the gateway's default (18789) and the ports it derives from it (browser control, relay, CDP up to 18899), and 19001 (`--dev`). */
const openclawPort = (port: number): boolean => (port >= 18789 && port <= 18899) || port === 19001;

/**
 * Another program's service: no line names OpenClaw or a part of it (lexicon `names`) and every port
 * the text names (`host:port`, a URL's port, `port N`) is not OpenClaw's — a web UI refused on 8043,
 * a container's published 6000. The gateway listens on 18789 unless configured otherwise, and a text
 * about a gateway on another port names the gateway, the dashboard or OpenClaw. `gatewayPorts`: the
 * ports this gateway is known to use (config, environment, probe target) — never another program's. Undefined when
 * there is no port, or the lexicon has no `names` (a text that names nothing is not judged here).
 */
export function otherEndpointNote(paste: PasteFacts, index: LexiconIndex, gatewayPorts: ReadonlySet<number> = new Set()): NotGatewayNote | undefined {
  if (!index.names?.length) return undefined;
  const lineText = (n: number) => paste.kept.find((l) => l.line === n)?.text ?? '';
  const ports = [...paste.urls.flatMap((u) => (u.port === undefined ? [] : [{ port: u.port, line: u.line }])), ...paste.ports.filter((p) => !inIpv6(lineText(p.line), p.port))].sort((a, b) => a.line - b.line);
  if (!ports.length || ports.some((p) => openclawPort(p.port) || gatewayPorts.has(p.port))) return undefined;
  if (namesOpenClaw(paste.kept, index)) return undefined;
  const first = ports[0]!;
  const text = lineText(first.line);
  return {
    why: `nothing in the text names OpenClaw, its gateway or its dashboard, and the port it is about (${first.port}) is not the gateway's (18789, or the port its config, environment or probe names): it may be another program's service`,
    line: first.line,
    text: text.slice(0, 240),
  };
}

/** A close in words CLOSE_RE does not read (`connection closed with code 4014`, `disconnected, code: 1006`). */
const CLOSED_WITH_CODE = /\b(?:closed|disconnected)\b[^\n]{0,24}?\bcode\b[ \t=:]{0,3}(\d{3,4})\b/i;
/** A close on the line (either shape) whose code is not a normal closure. */
function showsFailedClose(text: string): boolean {
  const m = CLOSE_RE.exec(text) ?? CLOSED_WITH_CODE.exec(text);
  return m !== null && failedClose(Number(m[1]));
}
const complaintRes = new WeakMap<LexiconIndex, { any: RegExp | null; named: RegExp | null }>();
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** One alternation per phrase list: a line is read once, not once per phrase (136 `includes` per line were 4/5 of the cost). */
function complaintRe(index: LexiconIndex): { any: RegExp | null; named: RegExp | null } {
  let res = complaintRes.get(index);
  if (!res) {
    const one = (xs: string[] | undefined) => (xs?.length ? new RegExp(xs.map(escapeRe).join('|'), 'i') : null);
    complaintRes.set(index, (res = { any: one(index.complaint), named: one(index.complaintNamed) }));
  }
  return res;
}

/**
 * The lines that show a failure on their own: a close code, an error class, or a complaint (a named one on a
 * line naming OpenClaw). Follow mode (src/commands/follow.ts) hands the fallback only these: a live log's
 * healthy lines ("[gateway] heartbeat ok seq=301") are no report. Not-a-gateway notes are looked for among
 * them by the fallback (a channel's or provider's failure carries a close code, an error class or a complaint).
 */
export function failureLines(paste: PasteFacts, index: LexiconIndex): Set<number> {
  const out = new Set<number>([...paste.closes.filter((c) => failedClose(c.code)), ...paste.codes].map((x) => x.line));
  const re = complaintRe(index);
  for (const l of paste.kept) {
    if (out.has(l.line)) continue;
    ERROR_CLASS_RE.lastIndex = 0; // global (recognise's matchAll): test from the line's start
    const shows = ERROR_CLASS_RE.test(l.text) || showsFailedClose(l.text) || re.any?.test(l.text) || (re.named?.test(l.text) && namesOpenClaw([l], index));
    if (shows) out.add(l.line);
  }
  return out;
}
