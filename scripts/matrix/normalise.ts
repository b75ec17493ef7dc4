// Turn a raw CellResult into a deterministic recording: the port becomes ${PORT} (${PORT+k} for its
// neighbours), the state dir ${STATE}, timestamps/nonces/ids/durations placeholders; timings and
// certificate fingerprints move to `volatile`. Gateway output is ANSI-stripped and trimmed to the
// first lines plus every error/warning-ish line (≤ 150 lines).
import type { CellResult, ClientResult, Scenario } from './types.js';

export const SCHEMA_VERSION = 1;

export interface Recording {
  schemaVersion: number;
  release: string;
  scenario: string;
  description: string;
  covers?: number[];
  setup: {
    /** The config text as written (the scenario's text plus the release's off-switches); null = no file. */
    configWritten: string | null;
    files: Record<string, string>;
    tlsFiles?: Scenario['tlsFiles'];
    env: Record<string, string>;
    clientEnv: Record<string, string>;
    args: string[];
    pre?: string;
    netns: boolean;
  };
  pre?: Record<string, unknown>;
  gateway: Record<string, unknown> | null;
  clients: RecordedClient[];
  cli: Array<Record<string, unknown>>;
  errors: string[];
  volatile: Record<string, unknown>;
}

export interface RecordedClient {
  id: string;
  kind: ClientResult['kind'];
  description: string;
  options: Record<string, unknown>;
  server: { tls: boolean };
  transcript: Array<Record<string, unknown>>;
  summary: Record<string, unknown>;
  probeFacts: Record<string, unknown>;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

export interface NormCtx {
  port: number;
  stateDir: string;
  fingerprints: string[];
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Normalise one string. */
export function normText(s: string, ctx: NormCtx): string {
  let t = s.replace(ANSI, '');
  if (ctx.stateDir) t = t.split(ctx.stateDir).join('${STATE}');
  // The matrix's own bundle (shows up when a gateway names the process holding its port).
  t = t.replace(/\/[^\s'"]*\/clawkit-matrix-[A-Za-z0-9]+\//g, '<matrix-bundle>/');
  for (const fp of ctx.fingerprints) {
    if (!fp) continue;
    t = t.split(fp).join('<fingerprint>');
    t = t.split(fp.toUpperCase().match(/.{2}/g)!.join(':')).join('<fingerprint>');
  }
  // The port and its neighbours (browser control = port+2, canvas, old releases' port+3 …).
  t = t.replace(/(?<![\d.])(\d{4,5})(?![\d])/g, (m, n: string) => {
    const d = Number(n) - ctx.port;
    if (d === 0) return '${PORT}';
    if (d > 0 && d <= 10) return `\${PORT+${d}}`;
    return m;
  });
  t = t
    // File names with a timestamp and a pid (stability bundles: …-2026-12-02T21-22-17-015Z-742-gateway…).
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:-\d{3})?Z(?:-\d+(?=[-.]))?/g, '<ts-pid>')
    .replace(/<ts-pid>-\d+(?=[-.])/g, '<ts-pid>')
    .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<ts>')
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, '<date>')
    .replace(/\b\d{2}:\d{2}:\d{2}(?:\.\d+)?\b/g, '<time>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\b[0-9a-f]{32,}\b/gi, '<hex>')
    .replace(/\b1[6-9]\d{11}\b/g, '<epoch-ms>')
    .replace(/\bprobe-[0-9a-z]{6,}\b/g, '<probe-req-id>')
    .replace(/\b(remotePort|clientPort|peerPort)=\d+/g, '$1=<eport>')
    .replace(/\(PID \d+\)/g, '(PID <pid>)')
    .replace(/\b(pid|PID)([=: ]+)\d+/g, '$1$2<pid>')
    // Host load figures inside JSON-ish text (a /readyz body cut at 300 characters is not JSON any more).
    .replace(/"eventLoop":(?:\{[\s\S]*$|"<eventLoop>"[\s\S]*$)/, '"eventLoop":"<eventLoop>"…')
    .replace(/\b(\w*(?:Ms|At|Bytes|Count|Ratio|[uU]tilization))("?\s?[=:]\s?"?)\d+(?:\.\d+)?/g, '$1$2<n>')
    // Abbreviated ids in 2026.9 log lines: conn=2aba02c8…133c id=2:19ffdbe6-c…98a6
    .replace(/\b[0-9a-f]{8}(?:-[0-9a-f]{1,4})?…[0-9a-f]{3,}\b/g, '<id…>')
    .replace(/(?<![\w.-])(\d+(?:\.\d+)?)\s?(ms|s)\b/g, '<dur>')
    // Ephemeral client ports (peer=127.0.0.1:51858).
    .replace(/:(3[2-9]\d{3}|[4-5]\d{4}|60\d{3})\b/g, ':<eport>');
  return t;
}

/** Keys whose values vary run to run (numbers or ids): replaced by a placeholder. */
const VOLATILE_KEYS = new Set([
  'ts',
  'nonce',
  'signedAt',
  'signature',
  'publicKey',
  'uptimeMs',
  'connId',
  'bootId',
  'requestId',
  'startedAt',
  'lastTouchedAt',
  'lastRunAt',
  'delayP99Ms',
  'delayMaxMs',
  'delayMeanMs',
  'utilization',
  'cpuCoreRatio',
  'intervalMs',
  'degradedSinceMs',
  'durationMs',
  'elapsedMs',
  'latencyMs',
  'totalMs',
  'ms',
  'at',
  'pid',
  'rssBytes',
  'heapUsedBytes',
  'stateVersion',
  'generatedAt',
  'checkedAt',
  'timestamp',
  'lastSeenAt',
  'createdAt',
  'updatedAt',
  'expiresAt',
  'issuedAt',
  'approvedAt',
  'deviceToken',
  'eventLoop',
  'ppid',
  'hostUtilization',
  'bytes',
  'readyMs',
  'portMs',
  'sec-websocket-accept',
  'date',
  'etag',
  'last-modified',
]);

/** Keys matching this carry a point in time (epoch ms or an ISO date): volatile whatever their name. */
const TIME_KEY = /(At|AtMs|Since|SinceMs|Until|UntilMs)$/;

export function normValue(v: unknown, ctx: NormCtx, key?: string): unknown {
  if (key === 'eventLoop' && v && typeof v === 'object') return '<eventLoop>';
  if (key && (typeof v === 'string' || typeof v === 'number') && (VOLATILE_KEYS.has(key) || TIME_KEY.test(key))) {
    return key === 'deviceToken' ? '<device-token>' : `<${key}>`;
  }
  // The probe's connect request id is a base-36 timestamp.
  if (key === 'id' && typeof v === 'string' && /^probe-[0-9a-z]+$/.test(v)) return '<probe-req-id>';
  if (key === 'port' && typeof v === 'number') {
    const d = v - ctx.port;
    return d === 0 ? '${PORT}' : d > 0 && d <= 10 ? `\${PORT+${d}}` : v;
  }
  if (typeof v === 'string') {
    // A JSON HTTP body: normalise structurally, keep it a string. (Other strings keep their exact
    // text, e.g. a config file the gateway rewrote.)
    const t = v.trimStart();
    if (key === 'body' && (t.startsWith('{') || t.startsWith('[')) && v.length < 200_000) {
      try {
        return JSON.stringify(normValue(JSON.parse(v), ctx));
      } catch {
        /* not JSON */
      }
    }
    return normText(v, ctx);
  }
  if (Array.isArray(v)) return v.map((x) => normValue(x, ctx));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[normText(k, ctx)] = normValue(x, ctx, k);
    return out;
  }
  return v;
}

const RELEVANT =
  /error|warn|fail|refus|invalid|denied|blocked|unauthori|listening|ready|EADDRINUSE|in use|already|security|doctor|migrat|legacy|retired|deprecat|origin|seeded|\btls\b|certificate|fingerprint|tailscale|trusted|proxy|\bbind|auth|token|password|exit|fatal|cannot|unable|missing|required|unknown|unrecognized|config|include|hooks|port|pairing/i;

/** First lines + every relevant line + the last lines, at most `max` lines, with omission markers. */
export function trimOutput(text: string, max = 150): { text: string; lines: number } {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.length <= max) return { text: lines.join('\n'), lines: lines.length };
  const keep = new Set<number>();
  for (let i = 0; i < Math.min(40, lines.length); i++) keep.add(i);
  for (let i = Math.max(0, lines.length - 15); i < lines.length; i++) keep.add(i);
  for (let i = 0; i < lines.length && keep.size < max; i++) if (RELEVANT.test(lines[i]!)) keep.add(i);
  const idx = [...keep].sort((a, b) => a - b).slice(0, max);
  const out: string[] = [];
  let prev = -1;
  for (const i of idx) {
    if (i > prev + 1) out.push(`… ${i - prev - 1} line(s) omitted …`);
    out.push(lines[i]!);
    prev = i;
  }
  if (prev < lines.length - 1) out.push(`… ${lines.length - 1 - prev} line(s) omitted …`);
  return { text: out.join('\n'), lines: lines.length };
}

/** hello-ok is large on recent releases (hundreds of method names): keep what a client reads. */
function trimHello(frame: Record<string, unknown>): Record<string, unknown> {
  const payload = frame.payload as Record<string, unknown> | undefined;
  if (!payload || payload.type !== 'hello-ok') return frame;
  const p: Record<string, unknown> = {};
  const summary: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (['type', 'protocol', 'server', 'auth', 'policy', 'canvasHostUrl'].includes(k)) p[k] = v;
    else if (k === 'features' && v && typeof v === 'object') {
      const f = v as Record<string, unknown>;
      summary.features = Object.fromEntries(Object.entries(f).map(([fk, fv]) => [fk, Array.isArray(fv) ? fv.length : typeof fv]));
    } else if (v && typeof v === 'object' && !Array.isArray(v)) summary[k] = Object.keys(v as object).sort();
    else summary[k] = Array.isArray(v) ? `array(${v.length})` : typeof v;
  }
  p._trimmed = summary;
  return { ...frame, payload: p };
}

function normClient(c: ClientResult, ctx: NormCtx): { client: RecordedClient; volatile: Record<string, unknown> } {
  const volatile: Record<string, unknown> = {};
  const facts = { ...c.probeFacts };
  const timings = facts.timings as { totalMs?: number } | undefined;
  if (timings?.totalMs !== undefined) volatile.totalMs = timings.totalMs;
  delete facts.timings;
  if (Array.isArray(facts.stages)) facts.stages = (facts.stages as Array<Record<string, unknown>>).map(({ ms: _ms, ...rest }) => rest);
  volatile.at = c.transcript.map((e) => e.at);
  // A client behind primed failures: the gateway's answer to its connect came late on purpose (the
  // failed-login delay); the replay sends it as late (`delayMs`, whole seconds down, so the replay is
  // never later than the gateway was).
  const sentAt = c.options.primeFailures ? c.transcript.find((e) => e.kind === 'send')?.at : undefined;
  const transcript = c.transcript.map(({ at, ...e }) => {
    if (e.kind === 'recv' && e.frame && typeof e.frame === 'object') {
      const f = e.frame as Record<string, unknown>;
      const late = sentAt !== undefined && at !== undefined && f.type === 'res' ? Math.floor((at - sentAt) / 1000) * 1000 : 0;
      return { ...e, frame: trimHello(f), ...(late > 0 ? { delayMs: late } : {}) };
    }
    return e;
  });
  const options = { ...c.options };
  return {
    client: {
      id: c.id,
      kind: c.kind,
      description: c.description,
      options: normValue(options, ctx) as Record<string, unknown>,
      server: c.server,
      transcript: normValue(transcript, ctx) as Array<Record<string, unknown>>,
      summary: normValue(c.summary, ctx) as Record<string, unknown>,
      probeFacts: normValue(facts, ctx) as Record<string, unknown>,
    },
    volatile,
  };
}

export function normaliseCell(raw: CellResult, sc: Scenario): Recording {
  const fingerprints = new Set<string>();
  for (const c of raw.clients) for (const e of c.transcript) if (e.kind === 'tls' && e.fingerprint) fingerprints.add(e.fingerprint);
  const ctx: NormCtx = { port: raw.port, stateDir: raw.stateDir, fingerprints: [...fingerprints] };
  const volatile: Record<string, unknown> = { nodeVersion: raw.nodeVersion, wallMs: raw.wallMs };
  if (fingerprints.size) volatile.tlsFingerprints = [...fingerprints];
  let gateway: Record<string, unknown> | null = null;
  if (raw.gateway) {
    const g = raw.gateway;
    const out = trimOutput(normText(g.output, ctx));
    if (g.readyMs !== undefined) volatile.readyMs = g.readyMs;
    if (g.portMs !== undefined) volatile.portMs = g.portMs;
    if (g.exitMs !== undefined) volatile.exitMs = g.exitMs;
    gateway = {
      started: g.started,
      ready: g.ready,
      exit: g.exit,
      stoppedByUs: g.stoppedByUs,
      listening: g.listening.map((l) => normText(l, ctx)),
      waitedFor: normText(g.waitedFor.replace(/\d+ ms/g, '<n> ms').replace(/pid \d+/, 'pid <pid>'), ctx),
      ...(g.readyz ? { readyz: normValue(g.readyz, ctx) } : {}),
      configRewritten: g.configRewritten,
      ...(g.configRewritten ? { configAfter: g.configAfter === null || g.configAfter === undefined ? null : normValue(g.configAfter, ctx) } : {}),
      ...(g.changedFiles ? { changedFiles: normValue(g.changedFiles, ctx) } : {}),
      filesAfter: g.filesAfter,
      outputLines: out.lines,
      output: out.text,
    };
  }
  const clients: RecordedClient[] = [];
  const cv: Record<string, unknown> = {};
  for (const c of raw.clients) {
    const n = normClient(c, ctx);
    clients.push(n.client);
    cv[c.id] = n.volatile;
  }
  volatile.clients = cv;
  const cliV: Record<string, number> = {};
  const cli = raw.cli.map((r) => {
    cliV[[...Object.keys(r.env ?? {}), ...r.cmd].join(' ')] = r.ms;
    return {
      cmd: r.cmd,
      ...(r.env ? { env: normValue(r.env, ctx) } : {}),
      exitCode: r.exitCode,
      ...(r.signal ? { signal: r.signal } : {}),
      ...(r.timedOut ? { timedOut: true } : {}),
      stdout: r.json !== undefined ? '(parsed into json)' : trimOutput(normText(r.stdout, ctx), 200).text,
      stderr: trimOutput(normText(r.stderr, ctx), 80).text,
      ...(r.json !== undefined ? { json: normValue(r.json, ctx) } : {}),
    };
  });
  if (raw.cli.length) volatile.cli = cliV;
  const pre = raw.pre ? (normValue(raw.pre, ctx) as Record<string, unknown>) : undefined;
  if (pre && typeof (pre.detail as Record<string, unknown> | undefined)?.output === 'string') {
    const d = pre.detail as Record<string, unknown>;
    d.output = trimOutput(d.output as string, 60).text;
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    release: raw.release,
    scenario: raw.scenario,
    description: sc.description,
    ...(sc.covers ? { covers: sc.covers } : {}),
    setup: {
      configWritten: raw.configWritten === null ? null : normText(raw.configWritten, ctx),
      files: normValue(raw.files, ctx) as Record<string, string>,
      ...(sc.tlsFiles ? { tlsFiles: sc.tlsFiles } : {}),
      env: normValue(sc.env ?? {}, ctx) as Record<string, string>,
      clientEnv: normValue(sc.clientEnv ?? {}, ctx) as Record<string, string>,
      args: (sc.args ?? ['--port', '${PORT}']).map((a) => normText(a, ctx)),
      ...(sc.pre ? { pre: sc.pre } : {}),
      netns: raw.netns,
    },
    ...(pre ? { pre } : {}),
    gateway,
    clients,
    cli,
    errors: raw.errors.map((e) => normText(e, ctx)),
    volatile,
  };
}
