// The HTTP stage: /readyz and /healthz with bounded bodies, no redirects followed.
import type { Agent } from 'undici';
import type { ProbeFacts } from '../../types.js';
import { MAX_HTTP_BODY } from './limits.js';
import { errCode, errMsg } from './clock.js';
import { netDeps } from './net-deps.js';
import type { Note } from './ws-stages.js';

export interface HttpOne {
  status?: number;
  body?: string;
  contentType?: string;
  error?: string;
  json?: Record<string, unknown>;
}

export async function httpGet(agent: Agent, url: string, ms: number): Promise<HttpOne> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(new Error(`no HTTP answer within ${Math.round(ms)} ms`)), Math.max(1, ms));
  try {
    // Our own timer decides (its message names the cap). undici's timeouts are only a safety net a
    // second later: its coarse timers stamp their start up to ~0.5 s early, so at the same value they
    // fired first under load (UND_ERR_HEADERS_TIMEOUT instead of this stage's message).
    const net = ms + 1000;
    const res = await netDeps().undici.request(url, { dispatcher: agent, signal: ac.signal, headersTimeout: net, bodyTimeout: net, maxRedirections: 0 } as Parameters<typeof import('undici')['request']>[1]);
    const out: HttpOne = { status: res.statusCode };
    const ct = res.headers['content-type'];
    if (ct) out.contentType = String(ct);
    let body = '';
    try {
      for await (const chunk of res.body) {
        body += (chunk as Buffer).toString('utf8');
        if (body.length >= MAX_HTTP_BODY) break;
      }
    } catch {
      /* body cut or aborted: keep what we have */
    }
    res.body.destroy();
    out.body = body.slice(0, MAX_HTTP_BODY);
    const trimmed = out.body.trimStart();
    if (trimmed.startsWith('{')) {
      try {
        const j = JSON.parse(out.body) as unknown;
        if (j && typeof j === 'object' && !Array.isArray(j)) out.json = j as Record<string, unknown>;
      } catch {
        /* not JSON or cut */
      }
    }
    return out;
  } catch (e) {
    const c = errCode(e);
    return { error: `${c && c !== 'undefined' ? `${c}: ` : ''}${errMsg(ac.signal.aborted ? ac.signal.reason : e)}` };
  } finally {
    clearTimeout(timer);
  }
}

export type HttpFacts = NonNullable<ProbeFacts['http']>;

export async function httpStage(agent: Agent, base: string, ms: number, note?: Note): Promise<{ ok: boolean; detail: string; facts: HttpFacts }> {
  const [r, h] = await Promise.all([httpGet(agent, `${base}/readyz`, ms), httpGet(agent, `${base}/healthz`, ms)]);
  if (note) for (const [path, x] of [['/readyz', r], ['/healthz', h]] as const) {
    note({ kind: 'http', path, ...(x.status !== undefined ? { status: x.status } : {}), ...(x.contentType ? { contentType: x.contentType } : {}), ...(x.body !== undefined ? { body: x.body } : {}), ...(x.error ? { error: x.error } : {}) });
  }
  const f: HttpFacts = {};
  if (r.status !== undefined) f.readyz = r.status;
  if (h.status !== undefined) f.healthz = h.status;
  f.status = r.status ?? h.status;
  const firstBody = r.body ?? h.body;
  if (firstBody) f.body = firstBody.slice(0, 300);
  if (r.json && typeof r.json.ready === 'boolean') {
    f.kind = 'openclaw-json';
    f.ready = r.json.ready;
    if (Array.isArray(r.json.failing)) f.failing = r.json.failing.map(String);
  }
  if (h.json && (h.json.ok === true || h.json.status === 'live')) {
    f.kind = 'openclaw-json';
    f.live = true;
  }
  if (!f.kind) {
    const html = [r, h].find((x) => x.body && /^\s*<(!doctype|html)/i.test(x.body));
    if (html) {
      f.kind = 'html';
      // Old gateways answer every path with the Control UI page: a 200 here says nothing about health.
      if (/openclaw|clawdbot|moltbot/i.test(html.body ?? '')) f.controlUiHtml = true;
    } else if (r.status !== undefined || h.status !== undefined) f.kind = 'other';
    else f.kind = 'none';
  }
  if (r.error && h.error) {
    f.error = r.error;
    return { ok: false, detail: r.error, facts: f };
  }
  const detail =
    f.kind === 'openclaw-json'
      ? `readyz ${f.readyz ?? '-'}${f.ready === false ? ` not ready (${(f.failing ?? []).join(', ')})` : f.ready ? ' ready' : ''}, healthz ${f.healthz ?? '-'}`
      : f.kind === 'html'
        ? `HTML for /readyz (no health endpoint in this version; not taken as health)`
        : `readyz ${f.readyz ?? '-'}, healthz ${f.healthz ?? '-'}`;
  return { ok: true, detail, facts: f };
}
