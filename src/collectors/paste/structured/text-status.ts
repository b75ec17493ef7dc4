// The plain-text forms: `openclaw gateway status` ("Runtime:", "Connectivity probe:"/"RPC probe:",
// "Service:" lines) and the `openclaw status` overview table ("│ Gateway │ … · unreachable (…)").
import { gatewayOwners, lineIsTheirs } from '../../../shared/gateway-owners.js';
import type { GatewayStatusFacts, OverviewFacts } from './types.js';

/** The text forms (this module's and devices.ts's) read a paste's first lines only. */
export const TEXT_MAX_LINES = 5000;
const MAX_LINES = TEXT_MAX_LINES;

// `Runtime: stopped (state failed, sub failed, last exit 1, reason 1)` (labels may be padded).
const RUNTIME_RE = /^\s*Runtime:\s+(running|stopped|unknown|activating|failed|inactive)\b(.*)$/i;
const PROBE_RE = /^\s*(?:RPC probe|Connectivity probe|Read probe):\s+(ok|failed|timed out|timeout)\b/i;
// The label starts at its first non-space, so the spaces before it split one way only; the old
// `\s+(.+?)\s*\(` tried every split at every lazy step (340 ms on a crafted 1 KiB line).
// The word in brackets is the platform's loadedText / notLoadedText (service.ts of every release: systemd
// enabled/disabled, launchd loaded/not loaded, schtasks registered/missing, generic available/not installed).
// The label runs up to the bracket (no label has one) and is trimmed in code: one way to match (reader-regex-shapes).
const SERVICE_RE = /^\s{0,64}Service:\s{1,64}(\S[^\n(]{0,511})\((enabled|disabled|loaded|not loaded|registered|missing|available|not installed)\)/i;
const SERVICE_LOADED = /^(?:enabled|loaded|registered|available)$/i;
// After a failed probe row OpenClaw prints its target (`RPC target:` to 2026.3, `Probe target:` after) and then
// the probe's error, two spaces in, one line each (status.print.ts: at most 12).
const PROBE_DETAIL_LABEL_RE = /^\s{0,8}(?:RPC target|Probe target|Gateway event loop):/i;
const PROBE_ERROR_LINES = 12;
const PROBE_LABEL_RE = /^\s{0,64}(?:RPC probe|Connectivity probe|Read probe):\s{0,64}/i;
const PROBE_TARGET_RE = /^\s{0,16}(?:Probe|RPC) target:[ \t]{1,16}(\S{1,512})/i;
/** A shell prompt running some CLI's `gateway status` (npx/pnpm prefix skipped). */
const STATUS_PROMPT_RE = /^\s{0,8}[$#>%]\s{0,4}(?:npx\s{1,4}|pnpm\s{1,4})?([\w.@/-]{1,64})\s{1,8}gateway\s{1,8}status\b/i;
/** A GitHub/Discord/mail quote marker before a line (`> `, nested `>> ` or `> > `): one optional space after the last. */
const QUOTE_RE = /^[ \t]{0,8}>(?:[ \t]{0,1}>){0,7}[ \t]?/;
/**
 * The first line of a quoted block that holds OpenClaw's output rather than prose about it: one of the rows
 * `gateway status` prints (9.6 status-*.mjs `label("…:")`, 2.12's the same names; a quote may start at any of them)
 * or a shell prompt. A docs quote starts with prose or its own label ("> Example output:", "> Note: if you see"),
 * and its rows stay unread — "Note:" is a status row too, but never the first one.
 */
const QUOTED_OUTPUT_START_RE =
  /^\s{0,8}(?:(?:Service|CLI version|Gateway(?: service)? version|Config \((?:cli|service)\)|Command|Service file|Runtime|RPC probe|Connectivity probe|Read probe|Probe target|RPC target|Gateway|Dashboard|File logs):(?:\s|$)|[$#%]\s)/i;
/** 9.6 marks a service that is not the probe target: on the Service row and in a line of its own. */
const DIAGNOSTIC_ONLY_RE = /\bdiagnostic only, not the probe target\b/i;
// Table rows: `│ Gateway          │ local · ws://… · unreachable (…) │` and continuation rows.
// The cells are taken raw and trimmed in code: `\s*([^│|]*?)\s*[│|]\s*(.*?)\s*[│|]?\s*$` tried
// every split of a run of spaces at every lazy step (`|` + 64 K spaces + `x`: over 10 s).
const ROW_RE = /^\s{0,64}[│|]([^│|]{0,256})[│|](.{0,4096})/;
/** A row's last cell: trimmed, without one closing bar. */
const lastCell = (raw: string): string => {
  const t = raw.trim();
  return t.endsWith('│') || t.endsWith('|') ? t.slice(0, -1).trimEnd() : t;
};

/**
 * False when `head` (a paste's first TEXT_MAX_LINES lines) cannot hold a gateway status:
 * textGatewayStatus answers only after a RUNTIME_RE or PROBE_RE line, and each has its word
 * (the same ASCII-only /i). Lets a log's head skip the line array and the per-line tests (issue #13).
 */
export function mayHoldGatewayStatus(head: string): boolean {
  return /runtime:|probe:/i.test(head);
}

/** False when `head` cannot hold an overview table: textOverview answers only after a ROW_RE line, which has a bar. */
export function mayHoldOverview(head: string): boolean {
  return head.includes('|') || head.includes('│');
}

/**
 * The lines with the quote markers of a quoted block taken off when the block starts as output (a `> `-quoted
 * status pasted into an issue or chat), else the lines themselves (the same array when nothing is quoted).
 */
function unquoteOutput(lines: string[]): string[] {
  const n = Math.min(lines.length, MAX_LINES);
  let out: string[] | undefined;
  for (let i = 0; i < n; i++) {
    if (!QUOTE_RE.test(lines[i]!)) continue;
    // One block: the quoted lines from here on; read whole or not at all, by how it starts.
    let end = i;
    while (end < n && QUOTE_RE.test(lines[end]!)) end++;
    const inner = lines.slice(i, end).map((l) => l.replace(QUOTE_RE, ''));
    const first = inner.find((l) => l.trim() !== '');
    if (first !== undefined && QUOTED_OUTPUT_START_RE.test(first)) {
      out ??= lines.slice(0, n);
      for (let k = 0; k < inner.length; k++) out[i + k] = inner[k]!;
    }
    i = end - 1;
  }
  return out ?? lines;
}

export function textGatewayStatus(raw: string[]): GatewayStatusFacts | undefined {
  let g: GatewayStatusFacts | undefined;
  let cli: string | undefined;
  const start = (i: number) => (g ??= { form: 'text', line: i + 1, portHints: [], listenerCommands: [] });
  const lines = unquoteOutput(raw);
  for (let i = 0; i < Math.min(lines.length, MAX_LINES); i++) {
    const l = lines[i]!;
    let m = RUNTIME_RE.exec(l);
    if (m) {
      const s = start(i);
      s.runtimeStatus = m[1]!.toLowerCase() === 'running' ? 'running' : m[1]!.toLowerCase() === 'unknown' ? 'unknown' : 'stopped';
      const exit = /last exit (\d+)/i.exec(m[2] ?? '');
      if (exit) s.lastExitStatus = Number(exit[1]);
      continue;
    }
    m = PROBE_RE.exec(l);
    if (m) {
      const s = start(i);
      s.rpcOk = m[1]!.toLowerCase() === 'ok';
      if (!s.rpcOk) {
        const err = probeErrorText(lines, i);
        if (err) s.rpcError = err;
      }
      continue;
    }
    m = SERVICE_RE.exec(l);
    if (m) {
      const s = start(i);
      s.serviceLabel = m[1]!.trim();
      s.serviceLoaded = SERVICE_LOADED.test(m[2]!);
      if (DIAGNOSTIC_ONLY_RE.test(l)) s.serviceDiagnosticOnly = true;
      continue;
    }
    m = PROBE_TARGET_RE.exec(l);
    if (m && g) g.probeUrl = m[1]!;
    // A lone `> nanobot gateway status` (a prompt, not a quote: it starts no output block) is read as it stands.
    m = STATUS_PROMPT_RE.exec(l);
    if (m) cli ??= m[1]!.toLowerCase();
    if (g && DIAGNOSTIC_ONLY_RE.test(l)) g.serviceDiagnosticOnly = true;
  }
  if (g && cli) g.statusCli = cli;
  else if (g) {
    const other = lookAlikeProduct(lines);
    if (other) g.otherProduct = other;
  }
  // A lone "Service:" line is not enough to call it a gateway status output.
  return g && (g.runtimeStatus !== undefined || g.rpcOk !== undefined) ? g : undefined;
}

/** The owner classes whose products print OpenClaw's own status rows (re-implementations and forks). */
const LOOK_ALIKE_CLASS_RE = /^another agent/;
/** Lines searched for a product's name around a status without a prompt (the report's opening and the rows). */
const PRODUCT_LINES = 200;

/**
 * The agent runtime a status pasted without a prompt line is told to be from ("my nanobot gateway …"), when the
 * paste never names OpenClaw: those runtimes print the same rows (knowledge/gateway-owners.json, their classes).
 * Read only once a status was found, so other pastes never load the owner list.
 */
function lookAlikeProduct(lines: string[]): string | undefined {
  const n = Math.min(lines.length, PRODUCT_LINES);
  const owners = gatewayOwners();
  // OpenClaw's names (the first marker: the CLI, its former names): a paste that says one is about OpenClaw's gateway.
  const openclawName = owners.openclaw[0]!.re;
  for (let i = 0; i < n; i++) if (openclawName.test(lines[i]!)) return undefined;
  const others = owners.others.filter((o) => LOOK_ALIKE_CLASS_RE.test(o.class));
  for (let i = 0; i < n; i++) {
    const l = lines[i]!;
    const o = others.find((p) => p.re.test(l) && lineIsTheirs(p, l));
    if (o) return o.product;
  }
  return undefined;
}

const indentOf = (l: string): number => l.length - l.trimStart().length;

/**
 * What a failed probe row says after its status word ("timed out before reaching Gateway") and the error lines
 * printed under it (indented; target labels skipped), joined: lets a rule tell a refused or unanswered probe from
 * one the gateway rejected (credentials, pairing). Empty when OpenClaw printed none.
 */
function probeErrorText(lines: string[], row: number): string {
  const parts: string[] = [];
  // Its error lines are indented further than the row (two spaces more); a row at the row's own indent ends them,
  // so a paste indented as a whole (a Markdown code block, a list item) keeps its `Probe auth:` row out.
  const indent = indentOf(lines[row]!);
  // The whole status ("timed out before reaching Gateway"); a bare "failed" says nothing more.
  const tail = lines[row]!.replace(PROBE_LABEL_RE, '').trim();
  if (tail && !/^failed$/i.test(tail)) parts.push(tail);
  const end = Math.min(lines.length, MAX_LINES, row + 1 + PROBE_ERROR_LINES + 2);
  for (let k = row + 1; k < end; k++) {
    const l = lines[k]!;
    if (PROBE_DETAIL_LABEL_RE.test(l)) continue;
    if (!l.trim() || indentOf(l) <= indent) break;
    parts.push(l.trim());
  }
  return parts.join(' ').slice(0, 500);
}

export function textOverview(lines: string[]): OverviewFacts | undefined {
  let o: OverviewFacts | undefined;
  let current: 'gateway' | 'gatewayService' | undefined;
  for (let i = 0; i < Math.min(lines.length, MAX_LINES); i++) {
    const m = ROW_RE.exec(lines[i]!);
    if (!m) {
      // A terminal too narrow wraps a row's value onto the next line with no bars: the line right after a value
      // that ends with `·` continues that row (only that one line; a row of its own resets the tracking).
      const cont = current && o?.[current]?.endsWith('·') ? lastCell(lines[i]!) : '';
      if (current && cont) o![current] = `${o![current]} ${cont}`.slice(0, 500);
      current = undefined;
      continue;
    }
    const key = m[1]!.trim();
    const value = lastCell(m[2]!);
    if (key) current = key === 'Gateway' ? 'gateway' : key === 'Gateway service' ? 'gatewayService' : undefined;
    if (!current || !value) continue;
    o ??= { line: i + 1 };
    o[current] = `${o[current] ? `${o[current]} ` : ''}${value}`.slice(0, 500);
  }
  if (o?.gateway !== undefined) {
    if (/·\s*unreachable\b/i.test(o.gateway)) o.gatewayReachable = false;
    else if (/·\s*reachable\b/i.test(o.gateway)) o.gatewayReachable = true;
  }
  return o;
}
