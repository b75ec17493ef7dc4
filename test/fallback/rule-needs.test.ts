// A rule's own precondition for the possible-causes ranker (lexicon `needs` entries with `rules`, Round 31c):
// a cause whose words are every connection failure's (update, retry, docker, dashboard link, repeated calls) is
// suggested from words only when some line shows what that cause needs (a newer and an older release, the
// container's own address, a refusal, a limit). Each stand-down is shown twice: with the shipped index the rule
// is not suggested, with the entry taken out of the index it is (so the entry, not some other change, holds it).
// And a report that shows the precondition keeps exactly the answer it had without the entry: in prose, under a
// guide-like title, inside a code block, beside a model provider's 401, in Chinese.
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveFacts } from '../../src/derive/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { answerFallback, needsFallback } from '../../src/engine/fallback/answer.js';
import type { LexiconIndex } from '../../src/engine/fallback/types.js';
import type { Facts } from '../../src/types.js';
import { index, loadAnswerRules, rules } from './answer.helpers.js';

beforeAll(loadAnswerRules);

/** The index without any rule-level precondition (as it was before Round 31c). */
const ungated = (): LexiconIndex => ({ ...index, needs: index.needs.filter((n) => !n.rules?.length) });

async function suggested(text: string, idx: LexiconIndex = index, version?: string): Promise<string[]> {
  const facts: Facts = { flags: {}, paste: await pasteFromString(text) };
  if (version) facts.version = { value: version, source: 'paste' };
  deriveFacts(facts);
  const output = evaluate(rules, facts);
  const answer = needsFallback(facts, output, idx.model.strongSpecificity) ? answerFallback(rules, facts, output, idx) : { candidates: [] };
  return [...output.findings, ...answer.candidates].map((f) => `${f.ruleId}${f.candidate ? `/${f.candidate.kind}` : ''}`);
}

describe('a cause needs its own precondition in the paste before the ranker suggests it', () => {
  it('the shipped entries are rule-level and name their rule', () => {
    const gated = index.needs.flatMap((n) => n.rules ?? []);
    expect(gated).toEqual(expect.arrayContaining(['config-parse/written-by-newer-version', 'docker-nat/dashboard-link-container-address', 'rate-limit/repeated-unauthorized-calls']));
  });

  // The false alarm's kind, written fresh: an update report with no release pair; a service request pointing at a
  // compose file; another app's websocket endpoint answering 426 to a client that repeats its call.
  const standDowns: Array<[string, string]> = [
    ['Update failure at the doctor step (2026.9.4): the update report says the binary failed its version check and the gateway service did not come back.', 'config-parse/written-by-newer-version'],
    ['My gateway on the NAS: the dashboard link printed by docker does not open from the host browser', 'docker-nat/dashboard-link-container-address'],
    ['The client retries the connection over and over and the gateway keeps closing it after repeated calls', 'rate-limit/repeated-unauthorized-calls'],
  ];
  it.each(standDowns)('%s: not %s', async (text, id) => {
    expect(await suggested(text)).not.toContain(`${id}/lexical`);
    expect(await suggested(text, ungated())).toContain(`${id}/lexical`);
  });

  // Reports that show the precondition: the candidate is suggested, exactly as without the entry.
  const reports: Array<[string, string]> = [
    ['After rolling back to an older openclaw release the gateway will not start: the config was last written by the newer version and the older binary refuses it.', 'config-parse/written-by-newer-version'],
    ['My gateway on the NAS: the dashboard link printed by docker does not open from the host browser, the container address is not reachable', 'docker-nat/dashboard-link-container-address'],
    ['The client retries over and over; every call is rejected as unauthorized and then the gateway closes the connection', 'rate-limit/repeated-unauthorized-calls'],
  ];
  it.each(reports)('%s: %s', async (text, id) => {
    expect(await suggested(text)).toContain(`${id}/lexical`);
    expect(await suggested(text)).toEqual(await suggested(text, ungated()));
  });

  const shapes: Array<[string, (t: string) => string]> = [
    ['under a guide-like title', (t) => `How to fix OpenClaw gateway problems\n${t}`],
    ['inside a code block', (t) => `what I see:\n\`\`\`\n${t}\n\`\`\``],
    ["beside a model provider's 401", (t) => `${t}\nAnthropic API error: 401 {"type":"error","error":{"type":"authentication_error"}}`],
  ];
  // Its cause stays suggested (another gated cause without its precondition may drop out beside it).
  it.each(shapes)('a report %s keeps its cause', async (_, wrap) => {
    for (const [text, id] of reports) expect(await suggested(wrap(text)), wrap(text)).toContain(`${id}/lexical`);
  });

  it('in Chinese: a report showing the preconditions keeps its causes; an update failure alone is not a newer config', async () => {
    // http, 安全上下文 and 设备身份 are the insecure-page cause's precondition: the fallback's answer is the ungated one.
    const insecure = '我在局域网另一台电脑用 http 打开控制台，浏览器提示不是安全上下文，设备身份无法生成，一直连不上网关';
    const got = await suggested(insecure);
    expect(got.filter((f) => f.endsWith('/lexical')).length).toBeGreaterThan(0);
    expect(got).toEqual(await suggested(insecure, ungated()));
    expect(await suggested('更新失败：doctor 步骤报告二进制版本检查失败，服务没有恢复')).not.toContain('config-parse/written-by-newer-version/lexical');
  });

  // Round 32c (cal29): five more causes whose words are every service, Control UI, auth, Docker or reconnect report's.
  const more: Array<[string, string, string]> = [
    [
      'After the restart the gateway service stays failed. systemctl --user status openclaw-gateway shows the unit exited and the supervisor stopped restarting it; the dashboard cannot connect anymore.',
      'After the restart the gateway service stays failed. systemctl --user status openclaw-gateway shows the unit exited because another gateway instance is already running under launchd; the dashboard cannot connect anymore.',
      'port-bind/gateway-already-running-under-supervisor',
    ],
    [
      // Round 32n (mend29b): the secretref entry's own stand-down (before, its only test passed with every gate removed).
      'The gateway daemon cannot read gateway.auth.token in the service context; the install and probe commands fail and the dashboard cannot connect.',
      'The gateway daemon cannot read gateway.auth.token from its keychain secret in the service context; the install and probe commands fail and the dashboard cannot connect.',
      'auth-config-shape/secretref-unresolved',
    ],
    [
      'The dashboard keeps reconnecting over and over; each attempt waits for the handshake and the gateway closes it before connect.',
      'The dashboard keeps reconnecting over and over; hundreds of unauthenticated sockets wait for the handshake and the gateway closes new ones before connect.',
      'rate-limit/preauth-socket-budget',
    ],
    [
      'The gateway in docker compose cannot find its config path from the volume mount and the dashboard cannot connect.',
      'The gateway in docker compose on Windows cannot find its config path from the volume mount C:\\openclaw and the dashboard cannot connect.',
      'docker-nat/windows-docker-path-mismatch',
    ],
  ];
  /** The shipped index without the entries naming this one rule (the other preconditions stay). */
  const ungatedFor = (id: string): LexiconIndex => ({ ...index, needs: index.needs.filter((n) => !n.rules?.includes(id)) });
  it.each(more)('without its precondition: %s', async (without, withIt, id) => {
    expect(await suggested(without)).not.toContain(`${id}/lexical`);
    expect(await suggested(without, ungatedFor(id))).toContain(`${id}/lexical`);
    expect(await suggested(withIt)).toContain(`${id}/lexical`);
    expect(await suggested(withIt)).toEqual(await suggested(withIt, ungatedFor(id)));
  });

  it('an unresolved secret told without the word SecretRef keeps its cause (resolve/reference is the precondition)', async () => {
    const text = 'The gateway cannot resolve the gateway.auth.token reference at startup and refuses to start, so the dashboard cannot connect.';
    expect(await suggested(text)).toContain('auth-config-shape/secretref-unresolved/lexical');
    expect(await suggested(text)).toEqual(await suggested(text, ungatedFor('auth-config-shape/secretref-unresolved')));
  });

  // Round 33m (mend30b, review30b item 5): 6.11's dashboard prints "Token auto-auth is disabled for SecretRef-managed
  // gateway.auth.token" only when the SecretRef resolved (dist/dashboard-*.js:247, `secretRefConfigured && token`): with the
  // dashboard rule out of its releases (9.6, 8.2, 2.12) or a #token= URL, the line is not an unresolved SecretRef. The
  // entry is a ruledOut one naming the rule: taken out, the candidate comes back.
  const withoutResolvedLine = (): LexiconIndex => ({ ...index, ruledOut: index.ruledOut.filter((n) => !n.rules?.includes('auth-config-shape/secretref-unresolved')) });
  const LINE = 'Token auto-auth is disabled for SecretRef-managed gateway.auth.token; use your external token source';
  const resolvedLines: Array<[string, string]> = [
    ['2026.9.6', `OpenClaw 2026.9.6 (abc1234)\n${LINE}`],
    ['2026.2.12', `OpenClaw 2026.2.12 (abc1234)\n${LINE}`],
    ['2026.4.22', `OpenClaw 2026.4.22 (abc1234)\n${LINE}\nDashboard: http://127.0.0.1:18789/#token=abcd1234secretsecret`],
    ['2026.8.2', `OpenClaw 2026.8.2 (abc1234)\n${LINE}`],
    ['2026.8.2', `OpenClaw 2026.8.2 (abc1234)\nToken auto-auth is disabled for\nSecretRef-managed gateway.auth.token; use your external token source`],
  ];
  it.each(resolvedLines)('the resolved SecretRef line is not an unresolved one (%s): %s', async (version, text) => {
    expect(await suggested(text, index, version)).not.toContain('auth-config-shape/secretref-unresolved/lexical');
    expect(await suggested(text, withoutResolvedLine(), version)).toContain('auth-config-shape/secretref-unresolved/lexical');
  });
  it('the unresolved form (Token auto-auth unavailable) keeps the cause', async () => {
    const text = 'OpenClaw 2026.8.2 (abc1234)\nToken auto-auth unavailable: gateway.auth.token SecretRef could not be resolved (exec provider failed)';
    expect((await suggested(text, index, '2026.8.2')).some((id) => id.startsWith('auth-config-shape/secretref-unresolved'))).toBe(true);
  });

  // Round 32n (mend29b, review29b): real prose reports that lost their only or first cause to a precondition too
  // narrow for how people tell it. Each keeps its cause, exactly as with no entry for that rule.
  const told: Array<[string, string]> = [
    ['My gateway refuses new clients after a while: lots of open connections that never authenticate, each new one is closed before connect.', 'rate-limit/preauth-socket-budget'],
    ['The client keeps reconnecting, netstat shows 500 ESTABLISHED connections to port 18789 waiting for the handshake, the gateway closes new ones before connect.', 'rate-limit/preauth-socket-budget'],
    ['Gateway manual start fails because the supervisor (launchd) keeps its own gateway up on the same port; my client connects to nothing.', 'port-bind/gateway-already-running-under-supervisor'],
    ["manual openclaw gateway start fails, systemd unit openclaw-gateway has one up already on the same port; supervisor restarts it. client can't connect", 'port-bind/gateway-already-running-under-supervisor'],
    ['The gateway will not start when I run it myself because the systemd service is up and listening already; supervisor keeps restarting it, client cannot connect.', 'port-bind/gateway-already-running-under-supervisor'],
    ['The gateway service under launchd is up, but starting openclaw gateway by hand says gateway is still up under the supervisor and exits; client cannot connect.', 'port-bind/gateway-already-running-under-supervisor'],
  ];
  it.each(told)('told in its own words: %s keeps %s', async (text, id) => {
    expect(await suggested(text)).toContain(`${id}/lexical`);
    expect(await suggested(text)).toEqual(await suggested(text, ungatedFor(id)));
  });

  it('the supervisor report that names the same port keeps it as the first guess', async () => {
    const [text] = told[3]!;
    expect((await suggested(text))[0]).toBe('port-bind/gateway-already-running-under-supervisor/lexical');
  });

  it('a service that is "still running" with no competitor named is not the already-running cause', async () => {
    const text = 'After the restart the gateway service stays failed. systemctl --user status openclaw-gateway shows the unit exited and the supervisor stopped restarting it, yet the status page says the gateway is still running; the dashboard cannot connect anymore.';
    expect(await suggested(text)).not.toContain('port-bind/gateway-already-running-under-supervisor/lexical');
    expect(await suggested(text, ungatedFor('port-bind/gateway-already-running-under-supervisor'))).toContain('port-bind/gateway-already-running-under-supervisor/lexical');
  });

  // The insecure-page entry cleared no readable negative and cost reports that give the address without a scheme:
  // dropped (Round 32n). A report of the Control UI opened by LAN address with no http:// keeps the cause.
  it('the Control UI opened by a LAN address with no scheme keeps the insecure-context cause (no entry holds it)', async () => {
    expect(index.needs.flatMap((n) => n.rules ?? [])).not.toContain('secure-context/control-ui-insecure-context');
    const text = 'The Control UI opened at 192.168.1.20:18789 from my laptop shows the connect screen and never gets past it; the gateway closed the connection before the dashboard loaded.';
    expect(await suggested(text)).toContain('secure-context/control-ui-insecure-context/lexical');
  });
});
