// A year-stamped guide title holds only its own section (src/derive/guide-section.ts; Round 37c, issue #12 §7).
// Round 36c's title marks held the whole paste, and review33c's reporters who titled their own issue like a guide,
// or pasted a guide under their log, went silent. Each guide here holds its own lines (no finding from them); each
// near miss keeps the reporter's own error (a finding), whatever the guide above or below it says.
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveFacts } from '../../src/derive/index.js';
import { deriveGuideSections, yearGuideTitle } from '../../src/derive/guide-section.js';
import { deriveTextKind } from '../../src/derive/text-kind.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Facts, LineRef, Rule } from '../../src/types.js';

let rules: Rule[];
beforeAll(async () => {
  rules = await loadBuiltinRules();
});

const factsOf = async (text: string): Promise<Facts> => deriveFacts({ flags: {}, paste: await pasteFromString(text) } as Facts);
const PAIRING = 'disconnected (1008): pairing required';
const GUIDE_BODY = `If the dashboard says "${PAIRING}", approve the browser: run openclaw devices approve <id>.`;

describe('a year-stamped guide title', () => {
  it('is a title only with the product, a guide word and the year in its place; never a question', () => {
    for (const t of ['2026 OpenClaw Pairing Guide: approve the browser', 'Every OpenClaw Dashboard Error — Troubleshooting Guide [2026]', '修复「OpenClaw 配对」错误指南(2026)', '2026 OpenClaw Gateway-Runbook: port 18789', 'OpenClaw: полное руководство по ошибкам (2026)']) {
      expect(yearGuideTitle(t), t).toBe(true);
    }
    for (const t of ['2026 OpenClaw dashboard - pairing breaks after update', 'OpenClaw pairing guide (2026)?', 'Nginx Troubleshooting Guide [2026]', 'OpenClaw guide 2026', 'OpenClaw dashboard error after update (2026.9.6)', '2026-12-07 OpenClaw guide: x']) {
      expect(yearGuideTitle(t), t).toBe(false);
    }
  });
});

describe('holds only its own section (Round 37c)', () => {
  const guides = [
    // A plain title over a guide body: the whole paste is the guide.
    `2026 OpenClaw Dashboard Guide: pairing and tokens\n${GUIDE_BODY}`,
    `# OpenClaw Control UI Troubleshooting Guide [2026]\n\n${GUIDE_BODY}\n\n## Tokens\nRotate the token with openclaw config set gateway.auth.token <new>.`,
    // Setext and bold headings.
    `2026 OpenClaw Pairing Checklist: step by step\n===\n${GUIDE_BODY}`,
    `**2026 OpenClaw Pairing Guide: step by step**\n${GUIDE_BODY}`,
    // CRLF line ends.
    `## 2026 OpenClaw Pairing Guide: approve the browser\r\n${GUIDE_BODY}\r\n`,
    // zh title.
    `## 2026 OpenClaw 配对指南：浏览器批准\n如果控制台显示「${PAIRING}」，执行 openclaw devices approve <id>。`,
  ];
  it('a guide under the title is held as a whole', async () => {
    for (const g of guides) {
      const facts = await factsOf(g);
      expect(facts.paste?.derived?.guideSections?.length, g).toBe(1);
      expect(facts.paste?.derived?.textKind, g).toBe('guide');
      expect(evaluate(rules, facts).findings, g).toEqual([]);
      // Without the section the same lines draw a finding: the section is what holds it.
      delete facts.paste!.derived!.textKind;
      delete facts.paste!.derived!.heldRows;
      delete facts.paste!.derived!.guideSections;
      expect(evaluate(rules, facts).findings.length, g).toBeGreaterThan(0);
    }
  });

  it('the reporter\'s own log above a pasted guide keeps its finding; the guide\'s lines are held', async () => {
    const t = `2026-12-07T08:00:01.123Z [gateway] ${PAIRING}\n\nfound this:\n# 2026 OpenClaw Pairing Guide: approve the browser\n${GUIDE_BODY}`;
    const facts = await factsOf(t);
    expect(facts.paste?.derived?.guideSections).toEqual([{ line: 4, rows: [4, 5] }]);
    expect(facts.paste?.derived?.textKind).toBeUndefined();
    const f = evaluate(rules, facts).findings.filter((x) => x.category === 'pairing');
    expect(f.length).toBeGreaterThan(0);
    expect(f.every((x) => x.evidence.every((e) => e.source !== 'paste' || e.line === 1))).toBe(true);
  });

  it('a guide whose only failure line is its own quote is held with a reason naming the section', async () => {
    const t = `openclaw 2026.9.6 on a pi, dashboard keeps spinning\n\n---\n## 2026 OpenClaw Pairing Checklist: the browser\nA new browser reads "${PAIRING}" until the gateway host approves it: run openclaw devices approve <id>.`;
    const facts = await factsOf(t);
    expect(deriveTextKind(facts.paste!.kept)).toEqual({}); // the text kind alone holds nothing here
    expect(facts.paste?.derived?.guideSections).toEqual([{ line: 4, rows: [4, 5] }]);
    expect(facts.paste?.derived?.textKind).toBeUndefined(); // line 1 is the reporter's
    expect(evaluate(rules, facts).findings.filter((f) => f.category === 'pairing')).toEqual([]);
    const r = evaluate(rules, facts).results.find((x) => x.reason?.includes("guide's section"));
    expect(r?.reason).toContain('(line 4)');
  });

  it('a section ends at a horizontal rule, a fence holding log lines, a heading as high, a quote\'s end', async () => {
    const own = `[gateway] ${PAIRING}`;
    const cases: Array<[string, number[]]> = [
      [`# 2026 OpenClaw Pairing Guide: approve\n${GUIDE_BODY}\n\n***\nit came back today:\n${own}`, [1, 2]],
      [`## 2026 OpenClaw Pairing Guide: approve\n${GUIDE_BODY}\n\`\`\`\n2026-12-07 08:00:01 ${own}\n\`\`\``, [1, 2]],
      [`## 2026 OpenClaw Pairing Guide: approve\n${GUIDE_BODY}\n### Steps\nRun openclaw devices list first.\n## My log\n${own}`, [1, 2, 3, 4]],
      [`2026 OpenClaw Pairing Guide: approve\n===\n${GUIDE_BODY}\nMy log\n===\n${own}`, [1, 2, 3]],
      [`> 2026 OpenClaw Pairing Guide: approve\n> ${GUIDE_BODY}\n${own}`, [1, 2]],
    ];
    for (const [t, rows] of cases) {
      const facts = await factsOf(t);
      expect(facts.paste?.derived?.guideSections, t).toEqual([{ line: 1, rows }]);
      const f = evaluate(rules, facts).findings.filter((x) => x.category === 'pairing');
      expect(f.length, t).toBeGreaterThan(0);
      expect(f.every((x) => x.evidence.every((e) => e.source !== 'paste' || !rows.includes(e.line!))), t).toBe(true);
    }
  });

  const nearMisses = [
    // Own issue titled like a guide: the section holds the reporter's log (timestamp, tag, bare line, prompt, stack).
    `2026 OpenClaw Pairing Guide: still broken after update\n2026-12-07T08:00:01Z [gateway] ${PAIRING}`,
    `# 2026 OpenClaw Dashboard Troubleshooting Guide: pairing\n${PAIRING}`,
    `2026 OpenClaw Pairing Checklist - dashboard\n$ openclaw dashboard\n${PAIRING}`,
    `2026 OpenClaw Pairing Guide: dashboard\n{"level":"error","msg":"${PAIRING}","time":"2026-12-07T08:00:01Z"}`,
    `OpenClaw Dashboard Troubleshooting Guide [2026]\nGatewayClientError: ${PAIRING}\n    at GatewayClient.connect (/usr/lib/node_modules/openclaw/dist/client.js:120:11)`,
    // Own words inside the section: first person, a help request.
    `2026 OpenClaw Pairing Guide: approve the browser\nI followed this and the dashboard still says "${PAIRING}"`,
    `2026 OpenClaw Pairing Guide: approve the browser\nthe dashboard shows "${PAIRING}", any idea?`,
    // A guide pasted under the log, with no blank line and with a quote.
    `[gateway] ${PAIRING}\n2026 OpenClaw Pairing Guide: approve the browser\n${GUIDE_BODY}`,
    `> 2026 OpenClaw Pairing Guide: approve the browser\n> ${GUIDE_BODY}\n\ndid that, still:\n[gateway] ${PAIRING}`,
    // A log pasted under a guide heading in a fence, and after a horizontal rule (the fix taken back).
    `## 2026 OpenClaw Pairing Guide: approve the browser\n${GUIDE_BODY}\n\`\`\`\n2026-12-07 08:00:01 [gateway] ${PAIRING}\n\`\`\``,
    `# 2026 OpenClaw Pairing Guide: approve\n${GUIDE_BODY}\n\n***\nfixed it with that but it came back today:\n[gateway] ${PAIRING}`,
    // A setext-headed own section after the guide's.
    `2026 OpenClaw Pairing Guide: approve\n===\n${GUIDE_BODY}\n\nMy log\n===\n[gateway] ${PAIRING}`,
    // zh/ja headings over the reporter's own lines.
    `## 2026 OpenClaw 配对指南：浏览器批准\n我的网关还是报 ${PAIRING}`,
    `## 2026年 OpenClaw ガイド：ペアリング\n2026-12-07 08:00:01 [gateway] ${PAIRING}`,
    // CRLF: a section holding a log line.
    `## 2026 OpenClaw Pairing Guide: approve\r\n2026-12-07T08:00:01Z [gateway] ${PAIRING}\r\n`,
    // Not a title: a question, no guide word, another product, a version in brackets.
    `2026 OpenClaw pairing guide: does anyone have one?\nthe dashboard says "${PAIRING}" after the update`,
    `2026 OpenClaw dashboard - pairing breaks after update\nthe dashboard says "${PAIRING}" after the update`,
    `OpenClaw dashboard error after update (2026.9.6)\nthe dashboard says "${PAIRING}"`,
    // A feature request titled with a year: its own section holds a bare failure line.
    `[Feature]: 2026 OpenClaw pairing guide: approve from the phone\n${PAIRING}`,
    // The reporter's own occasion in plain prose under a guide-worded title (no log, no "I").
    `2026 OpenClaw Pairing Guide: approve the browser\nthe dashboard says "${PAIRING}" since this morning on every browser`,
    `2026 OpenClaw Pairing Guide: approve the browser\r\n\r\nthe dashboard reads "${PAIRING}"\r\nhelp!`,
    `2026 OpenClaw Pairing Guide: approve the browser\n${GUIDE_BODY}\nThat did not work here, the dashboard still reads "${PAIRING}" after approving.`,
    `2026 OpenClaw Pairing Guide: approve the browser\nwhen you open the dashboard it says "${PAIRING}" and nothing loads`,
    `2026 OpenClaw Pairing Guide: NOT working\nthe dashboard keeps saying "${PAIRING}"`,
    `2026 OpenClaw Pairing Guide: approve\n${GUIDE_BODY}\n\nthe dashboard says "${PAIRING}" after the update`,
    `2026 OpenClaw Pairing Guide: approve the browser\n${GUIDE_BODY}\nUpdate: approving did nothing, the dashboard reads "${PAIRING}" again`,
    `Every OpenClaw Dashboard Error — Complete Fix Guide [2026]\ntried the approve step, didn't help\n${PAIRING}`,
    // A guide quoted in `>` with a bold title, then the reporter's own line; a guide under a heading, then the reporter's own heading.
    `> **2026 OpenClaw Pairing Guide: approve**\n> ${GUIDE_BODY}\n\nsame error here after approving: ${PAIRING}`,
    `# 2026 OpenClaw Pairing Guide: approve\n${GUIDE_BODY}\n# My problem\nthe dashboard says "${PAIRING}" after I approved it`,
    // zh: the guide's steps, then the reporter's own failure in the same section.
    `### 2026 OpenClaw 配对指南：浏览器批准\n如果控制台显示「${PAIRING}」，执行 openclaw devices approve <id>。\n\n我这边执行了也没用：\n${PAIRING}`,
    // One error told in plain prose under a guide-worded title: no guide body (one mode, nothing to do).
    `2026 OpenClaw Pairing Guide: approve the browser\nthe dashboard says "${PAIRING}" when it loads`,
    `2026 OpenClaw Pairing Guide: approve the browser\nwhen you open the dashboard it says "${PAIRING}"`,
    // de: the guide's step, then the reporter's own "bei mir … wieder".
    `2026 OpenClaw Leitfaden: Pairing\nWenn Sie "${PAIRING}" sehen, führen Sie openclaw devices approve <id> aus.\nBei mir kommt "${PAIRING}" trotzdem wieder.`,
    // Another product's guide title.
    `Nginx Troubleshooting Guide [2026]\n[gateway] ${PAIRING}`,
  ];
  it(`keeps the reporter's own error in each of ${nearMisses.length} near misses`, async () => {
    for (const t of nearMisses) {
      const facts = await factsOf(t);
      expect(evaluate(rules, facts).findings.some((f) => f.category === 'pairing'), t).toBe(true);
    }
  });
});

// review34c: a section's veto reads a JSON log line and a line stating that a failure happened, and the report
// signs alone (no first person, no OWN word) veto it too.
describe('a section with the reporter\'s own line is none (review34c)', () => {
  const REFUSED = 'connect ECONNREFUSED 127.0.0.1:18789';
  const TITLE = '## 2026 OpenClaw Gateway Troubleshooting Guide: ECONNREFUSED and pairing';
  const BODY = `If openclaw status shows ${REFUSED}, start the gateway with openclaw gateway start.\nIf it says pairing required, run openclaw devices approve.`;
  const refused = async (t: string): Promise<boolean> =>
    evaluate(rules, await factsOf(t)).findings.some((f) => f.ruleId === 'gateway-down/connection-refused');
  const lines = (t: string): LineRef[] => t.split('\n').map((text, i) => ({ line: i + 1, text }));

  it('a JSON log line, with or without a time key, keeps the finding', async () => {
    for (const j of [`{"level":"error","msg":"${REFUSED}"}`, `{"msg":"${REFUSED}","level":50}`, `{"err":{"code":"ECONNREFUSED"},"msg":"gateway unreachable"}`]) {
      const t = `${TITLE}\n${BODY}\n${j}`;
      expect(deriveGuideSections(lines(t), () => undefined), t).toEqual([]);
      expect(await refused(t), t).toBe(true);
    }
    // A JSON log line naming no failure mode is still one run's output (the failure-stated test does not read it).
    for (const j of ['{"level":"info","msg":"gateway restart requested"}', '{"time":"2026-12-07","msg":"ready","pid":4242}']) {
      expect(deriveGuideSections(lines(`${TITLE}\n${BODY}\n${j}`), () => undefined), j).toEqual([]);
    }
  });

  const stated = [
    'Fixed it with gateway start yesterday, today the same ECONNREFUSED 127.0.0.1:18789 is there',
    'This was fixed in 2026.2 but it is broken on 2026.3: ECONNREFUSED 127.0.0.1:18789 on every openclaw status',
    'Same ECONNREFUSED 127.0.0.1:18789 on 2026.3 as well',
    'This PR makes openclaw status stop printing ECONNREFUSED 127.0.0.1:18789 on a cold boot',
    'Heute ist derselbe ECONNREFUSED 127.0.0.1:18789 da',
    // A short label that neither numbers an entry nor names the error it defines is the reporter's.
    'Today: ECONNREFUSED 127.0.0.1:18789',
    'On the Pi: connect ECONNREFUSED 127.0.0.1:18789 right after boot',
    // Quoted, in backticks, wrapped over two lines.
    '> today the same ECONNREFUSED 127.0.0.1:18789 is there',
    '`connect ECONNREFUSED 127.0.0.1:18789` today as well',
    'Fixed it with gateway start yesterday, today the same\nECONNREFUSED 127.0.0.1:18789 is there',
  ];
  it(`a line stating that a failure happened keeps the finding (${stated.length} lines)`, async () => {
    for (const s of stated) {
      const t = `${TITLE}\n${BODY}\n${s}`;
      expect(deriveGuideSections(lines(t), () => undefined), t).toEqual([]);
      expect(await refused(t), t).toBe(true);
    }
  });

  it('a guide naming a failure under a condition, in a list or beside "usually" is still a section', () => {
    for (const s of [
      'ECONNREFUSED usually means nothing listens on port 18789.',
      '- `ECONNREFUSED 127.0.0.1:18789`: the gateway is not running.',
      'When the port is taken you see EADDRINUSE instead.',
      'If the gateway is stopped, ECONNREFUSED is what comes back.',
      'Wenn der Gateway nicht läuft, kommt ECONNREFUSED 127.0.0.1:18789.',
      // A guide's entries: numbered, or naming the error they define; a contents line naming several; the guide naming itself.
      'Mode B: Error: listen EADDRINUSE: address already in use :::18789',
      '模式 B:端口被占用 Error: listen EADDRINUSE: address already in use :::18789',
      'EADDRINUSE on 18789: stale gateway processes or a second launchd entry.',
      'Token Mismatch · Pairing Required · Disconnected (1008) · Connection Refused',
      'This guide covers ECONNREFUSED on a cold boot.',
    ]) {
      const t = `${TITLE}\n${BODY}\n${s}`;
      expect(deriveGuideSections(lines(t), () => undefined).length, t).toBe(1);
    }
  });

  it('a timestamped or stack-frame line alone (no failure, no first person, no own word) vetoes the section', () => {
    for (const s of ['2026-12-07T10:00:01Z gateway listening on ws://127.0.0.1:18789', '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)']) {
      const t = `${TITLE}\n${BODY}\n${s}`;
      expect(deriveGuideSections(lines(t), () => undefined), t).toEqual([]);
    }
    // The same section without that line is one.
    expect(deriveGuideSections(lines(`${TITLE}\n${BODY}`), () => undefined).length).toBe(1);
  });
});
