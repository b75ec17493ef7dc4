// Comparisons between lines of the paste itself: the port a client aims at against the port the
// gateway listens on, when the paste shows both (issue #12, "client aimed at the wrong endpoint").
// Pure: reads the collector's `endpoints`, returns facts.
import type { LineRef, PasteDerivedFacts, PasteEndpoint, PasteFacts } from '../types.js';
import { classifyHost } from '../shared/net/hosts.js';

const HOW: Record<string, string> = {
  'gateway-target': 'the CLI\'s "Gateway target:" line',
  'probe-target': '"Probe target:" in gateway status',
  'cli-config-port': 'the CLI\'s own config ("CLI config resolves gateway port=")',
  'cli-url': 'the --url the client was given',
  'client-stated': 'the URL the text says the CLI or TUI aimed at',
  'ssh-forward': 'the far end of the SSH -L forward',
  'http-api': 'the URL an HTTP API client calls',
  listening: 'the gateway\'s "listening on" line',
  'gateway-flag': 'the gateway command\'s --port',
  'gateway-port-flag': '--gateway-port',
  'status-port': 'gateway status "Gateway: … port="',
};

/** How a line named the port, in words for a finding. */
export function endpointHow(e: PasteEndpoint): string {
  return `${HOW[e.how] ?? e.how} (line ${e.line})`;
}

/**
 * The reporter's own account of where a CLI/TUI went (how=client-stated) is prose, not a structured target line: it
 * counts only with a failure on its line, or in the story when no line says it works (review27d). A forward of
 * any kind (`ssh -L`/`-R`, ssh-config LocalForward/RemoteForward) makes the loopback port the near end on purpose.
 */
const STATED_FAIL =
  /refused|\bconnecting\b(?! to wss?:)|reconnect|\bhang(?:s|ing)?\b|\bhung\b|\bstuck\b|\bsits? on\b|timed? ?out|timeout|ETIMEDOUT|\b1006\b|\bfail(?:s|ed|ing)?\b|\b(?:cannot|can't|could not|couldn't|unable to) connect|\binstead of\b|\bwrong gateway\b|连不上|连接失败|超时|卡在|拒绝/i;
/**
 * "doesn't work", "never answers", "stopped responding": generic words whose subject is often a provider or channel
 * (Ollama, Telegram, an Anthropic 401), not the client (review28b F-1..F-12). They count on the endpoint's own line,
 * or elsewhere only with the client itself as their subject (the TUI/CLI/client, `openclaw tui`).
 */
const GENERIC_FAIL = "(?:does ?n[o'’]t|did ?n[o'’]t|won['’]?t|never) (?:work|answer|respond|connect)(?:s|ed)?\\b|stopped (?:working|answering|responding)\\b";
const OWN_LINE_FAIL = new RegExp(`\\b(?:${GENERIC_FAIL})`, 'i');
const CLIENT_SUBJECT_FAIL = new RegExp(
  `\\b(?:the (?:tui|cli|client)|openclaw (?:tui|cli)|tui|cli)\\s(?:still\\s|just\\s|also\\s)?(?:${GENERIC_FAIL})`,
  'i',
);
// "works", not "work"/"working" (a "doesn't work", "stopped working" is a failure, OWN_LINE_FAIL); 没问题 "no problem".
const STATED_FINE = /\b(?:works|fine|all green)\b|没问题/i;
const ANY_FORWARD = /\bssh\b[^\n]{0,120}[ \t]-[LR]\s{0,2}(?:\[?[\w.:-]{1,64}\]?:)?\d{2,5}:|\b(?:LocalForward|RemoteForward)\s{1,4}(?:\[?[\w.:-]{1,64}\]?:)?\d{2,5}\b/;

function statedCounts(e: PasteEndpoint, lines: readonly LineRef[]): boolean {
  const own = lines.find((l) => l.line === e.line)?.text ?? '';
  if (STATED_FINE.test(own)) return false;
  if (STATED_FAIL.test(own) || OWN_LINE_FAIL.test(own)) return true;
  return (
    lines.some((l) => STATED_FAIL.test(l.text) || CLIENT_SUBJECT_FAIL.test(l.text)) &&
    !lines.some((l) => STATED_FINE.test(l.text))
  );
}

export function derivePaste(paste: Pick<PasteFacts, 'endpoints'> & { kept?: readonly LineRef[] }): PasteDerivedFacts {
  const eps = paste.endpoints ?? [];
  const gateway = eps.filter((e) => e.role === 'gateway');
  if (gateway.length === 0) return {};
  const ports = [...new Set(gateway.map((e) => e.port))];
  const lines = paste.kept ?? [];
  // Only a client aiming at this machine is compared: a remote, published (Docker -p), proxied or
  // Serve'd address legitimately carries another port than the gateway's own listener.
  // A client the text only says went to a loopback port is the near end of an SSH forward when the paste holds one
  // (`ssh -L 18789:127.0.0.1:28789`, `-R`, LocalForward): its far end is what is compared. A `--url` the paste gives
  // on the gateway's port is where the client really went: the stated default is then the docs' or an earlier try's.
  const forwarded = eps.some((e) => e.how === 'ssh-forward') || lines.some((l) => ANY_FORWARD.test(l.text));
  const urlOnGateway = eps.some((e) => e.how === 'cli-url' && ports.includes(e.port));
  const stated = (e: PasteEndpoint): boolean => !forwarded && !urlOnGateway && statedCounts(e, lines);
  const off = eps.find(
    (e) => e.role === 'client' && (e.how !== 'client-stated' || stated(e)) && (e.host === undefined || classifyHost(e.host) === 'loopback') && !ports.includes(e.port),
  );
  if (!off) return {};
  const g = gateway[0]!;
  return {
    targetPortDiffers: true,
    line: off.line,
    targetPort: off.port,
    targetHow: endpointHow(off),
    gatewayPort: g.port,
    gatewayPorts: ports.join(', '),
    gatewayHow: endpointHow(g),
    gatewayLine: g.line,
  };
}

/** OpenClaw's warning when the gateway's foreground Serve/Funnel claim ends (src/gateway/server-tailscale.ts, 2026.8.2+). */
const CLAIM_EXITED = /\b(?:serve|funnel) route claim exited\b/i;
/**
 * What a gateway logs when it claims the route (at start): `[tailscale] serve enabled: https://<host>/ (WS via wss://…)`.
 * The `[tailscale]` tag or a real host (review25a item 7): prose quoting the docs ("you should see \"serve enabled:
 * https://...\"") is no claim.
 */
const CLAIM_TAGGED = /\[tailscale\][^\n]{0,40}?\b(?:serve|funnel) enabled: https:\/\//i;
const CLAIM_HOST = /\b(?:serve|funnel) enabled: https:\/\/[a-z0-9-]{1,63}\.[a-z0-9.-]{1,200}/i;
const claimEnabled = (text: string): boolean => CLAIM_TAGGED.test(text) || CLAIM_HOST.test(text);
/** A log line's leading ISO timestamp (`2026-11-03T08:00:03.114Z …`), compared as text (same format on both lines). */
const ISO_AT = /^\s{0,4}\[?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?)/;

/**
 * Which came last (review24a p18): the lost Serve/Funnel claim, or a claim made again after it (the gateway
 * restarted and logged `serve enabled:`): a line-by-line regex cannot tell. Set only when the paste holds
 * the claim-exited warning; `tailscaleServeReclaimedLine` is the first claim line after its last occurrence.
 */
export function deriveServeClaim(lines: readonly LineRef[]): Pick<PasteDerivedFacts, 'tailscaleServeReclaimed' | 'tailscaleServeReclaimedLine'> {
  let reclaimed: LineRef | undefined;
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (claimEnabled(l.text)) reclaimed = l;
    else if (CLAIM_EXITED.test(l.text)) {
      // A later line stamped before the warning (logs merged out of order, review25a) claimed it earlier, not again.
      // Only the first later claim is compared; with no stamp on either line, line order decides.
      const was = ISO_AT.exec(l.text)?.[1];
      const then = reclaimed && ISO_AT.exec(reclaimed.text)?.[1];
      if (reclaimed && !(was && then && then <= was)) return { tailscaleServeReclaimed: true, tailscaleServeReclaimedLine: reclaimed.line };
      return { tailscaleServeReclaimed: false };
    }
  }
  return {};
}
