// A guide's own title marks the text as a guide (lexicon en/ko/zh `guideText.titleMarks`, Round 30d, narrowed
// in Round 30o): "Fix "<error>"" / "How to fix (the) OpenClaw …" / "Fixing common … errors" / "Resolving OpenClaw …",
// "… a complete troubleshooting guide", "OpenClaw X explained:", "Understanding OpenClaw …", a year-first blog
// title ("2026 OpenClaw …"), a request to "improve the … error message", and OpenClaw's docs heading "Common
// signatures" (its Korean mirror "일반적인 시그니처"). A title counts only on the first non-empty line or a heading,
// and only when no line is first person, the user's own run output or a report word (review27c M1: a report
// under such a title keeps its findings). PR titles, OpenClaw's own "Fix: …" hints, a report's "per runbook"
// and a title ending in runbook/playbook alone are not titles.
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
    'How to fix the OpenClaw "gateway token mismatch" error',
    "Fix 'gateway token mismatch' in OpenClaw",
    'The OpenClaw troubleshooting handbook',
    'Resolving OpenClaw gateway token mismatch',
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
    '# Dashboard Auth Playbook',
    'Gateway auth — the operator runbook.',
    'Went through the step-by-step guide on the blog, the dashboard still says:',
    'The ultimate guide did not cover this:',
    'Complete setup guide, step 6 output (gateway host, Ubuntu 24.04):',
    'Fix OpenClaw "gateway token mismatch" behind nginx?',
    '- Common signatures seen on our fleet today:',
  ];
  for (const l of lines) it(l, () => expect(kindOf(l, ERROR)).toBeUndefined());

  it('a title mark on a middle line that is not a heading is not a title', () =>
    expect(kindOf('Dashboard notes', 'Understanding OpenClaw tokens takes a while', ERROR)).toBeUndefined());
  it('the same title on the first line or as a heading marks the guide', () => {
    expect(kindOf('Understanding OpenClaw tokens', ERROR)).toBe('guide');
    expect(kindOf('Dashboard notes', '## Understanding OpenClaw tokens', ERROR)).toBe('guide');
  });

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

describe('a title over a report keeps it a report (review27c M1)', () => {
  const TITLE = 'Fix "gateway token mismatch" after upgrading';
  const own = [
    ['an ISO-stamped log line', '2026-11-30T08:14:52.407Z [gateway] unauthorized: gateway token mismatch pid=2290'],
    ['a clock time', '[gateway] 07:41:09 unauthorized: gateway token mismatch'],
    ['a shell prompt', 'PS C:\\Users\\al> openclaw gateway status'],
    ['a command alone on its line', 'openclaw gateway status'],
    ["I'm", "I'm on 2026.11.2 and the dashboard only shows this:"],
    ["we're", "we're seeing this on every new laptop"],
    ['my <noun>', 'On my iPhone the app just shows it.'],
    ['help please', 'help please'],
    ['German first person', 'Ich bekomme im Dashboard nur noch diese Meldung:'],
    ['Japanese first person', '私の環境ではダッシュボードでこのエラーが出ます:'],
    ['Korean first person', '제가 받은 오류입니다:'],
    ['Chinese 怎么办', '控制台一直显示这个，怎么办？'],
  ];
  for (const [what, line] of own) it(what, () => expect(kindOf(TITLE, line, ERROR)).toBeUndefined());

  it('an older mark is not undone by run output (its behaviour is kept)', () =>
    expect(kindOf('This guide explains the gateway log lines below.', '2026-11-30T08:14:52.407Z [gateway] unauthorized: gateway token mismatch')).toBe('guide'));
  it('a Chinese title followed by report words on its own line is not a title', () =>
    expect(kindOf('OpenClaw 安装完整指南第三步报错', ERROR)).toBeUndefined());
});
