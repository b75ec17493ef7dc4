// A guide's own title marks the text as a guide (lexicon en.json / ko.json `guideText.marks`, Round 30d):
// "Fix "<error>"" / "How to fix OpenClaw …" / "Fixing common … errors", "… a complete troubleshooting guide",
// a title line ending in "runbook"/"playbook", "OpenClaw X explained:", "Understanding OpenClaw …", a
// year-first blog title ("2026 OpenClaw …"), a request to "improve the … error message", and OpenClaw's docs
// heading "Common signatures" (its Korean mirror "일반적인 시그니처"). A first-person line still makes it a
// report; PR titles, OpenClaw's own "Fix: …" hints and a report's "per runbook" are not titles.
// The texts are our own, written to the shapes of docs pages, blog titles and reports.
import { describe, expect, it } from 'vitest';
import { deriveTextKind } from '../../src/derive/text-kind.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { factsOf, linesOf } from './text-shape.helpers.js';

const kindOf = (...l: string[]) => deriveTextKind(linesOf(l.join('\n'))).textKind;
const ERROR = 'The dashboard then shows: unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)';

describe('a guide title marks the text as a guide', () => {
  const titles = [
    'Fix "gateway token mismatch" in the OpenClaw dashboard',
    'Fix OpenClaw “unauthorized: gateway token mismatch”',
    'How to Fix OpenClaw Gateway Token Errors',
    'Fixing Common OpenClaw Dashboard Errors',
    'Gateway Token Errors: The Complete Fix Guide',
    'OpenClaw gateway auth: a troubleshooting guide',
    '# Dashboard Auth Playbook',
    'Gateway auth — the operator runbook.',
    'OpenClaw Dashboard Explained: Tokens, Pairing and Origins',
    'Understanding OpenClaw gateway.auth.mode',
    '2026 OpenClaw Dashboard Auth: Token, Password, Tailscale',
    'Improve the gateway token mismatch error message',
    '## Common signatures',
  ];
  for (const t of titles) it(t, () => expect(kindOf(t, ERROR, 'Copy the token again from the gateway host.')).toBe('guide'));

  it('the Korean docs mirror\'s "Common signatures" heading', () =>
    expect(kindOf('대시보드 연결 문제', '일반적인 시그니처:', '- unauthorized: gateway token mismatch → 토큰 불일치')).toBe('guide'));
});

describe('not a guide title', () => {
  const lines = [
    'fix(gateway): keep the token after a config reload',
    'Fix: set OPENCLAW_GATEWAY_TOKEN/OPENCLAW_GATEWAY_PASSWORD, pass --token/--password,',
    'Fix the config and retry, or run "openclaw doctor" to repair.',
    '- Gateway is down; per runbook, the on-call gets a page.',
    'How to fix this? The dashboard keeps disconnecting.',
    '2026-03-02T10:00:00Z [gateway] listening on ws://127.0.0.1:18789',
  ];
  for (const l of lines) it(l, () => expect(kindOf(l, ERROR)).toBeUndefined());

  it('a first-person line keeps a titled text a report', () =>
    expect(kindOf('How to Fix OpenClaw Gateway Token Errors', 'I followed it and I still get the error on my gateway:', ERROR)).toBeUndefined());
});

describe('the rule that matched the quoted error is held', () => {
  it('gateway-token-mismatch fires on the report and is held under a guide title', async () => {
    const rules = await loadBuiltinRules();
    const fired = async (text: string) =>
      evaluate(rules, await factsOf(text)).findings.filter((f) => f.ruleId === 'token-auth/gateway-token-mismatch' && f.status === 'fail');
    expect(await fired(['openclaw gateway status', ERROR].join('\n'))).toHaveLength(1);
    expect(await fired(['Fix "gateway token mismatch" in the OpenClaw dashboard', ERROR].join('\n'))).toHaveLength(0);
  });
});

describe('a Chinese guide title', () => {
  it('"… 故障排查指南" / "… 配置流程和要点" mark the text as a guide', () => {
    expect(kindOf('OpenClaw 控制台连接故障排查指南', '看到 unauthorized: gateway token mismatch 时，从网关主机重新复制令牌。')).toBe('guide');
    expect(kindOf('# OpenClaw 远程访问配置流程和要点', '看到 unauthorized: gateway token mismatch 时，从网关主机重新复制令牌。')).toBe('guide');
  });
  it('a report naming the guide it followed stays a report', () =>
    expect(kindOf('OpenClaw 控制台连接故障排查指南', '我按照指南做了，还是报错：', ERROR)).toBeUndefined());
});
