// The fallback stands down on the story's shared facts, as rules do with `{"not":{"standsDown":{}}}` (Round 33a,
// src/engine/fallback/told.ts): words inside a denied span ("mine never said X", 没有报X) or a quoting phrase's span ("The
// docs say X, but mine …") suggest nothing; a report whose last word is a fix statement (the story's `resolved`) and that
// gets no guess says it is fixed instead of "run next" (a fix statement does not take a guess away: measured, a report
// that says how it fixed it still names its cause — notes/fallback.md Round 33a). Each stand-down is shown twice: with
// the derived story the cause is not suggested (or the note shown); with that one story fact deleted from the facts it
// is (so the fact, not some other change, holds it). Real reports keep their candidates.
import { Chalk } from 'chalk';
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveFacts } from '../../src/derive/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { answerFallback, needsFallback, type FallbackAnswer } from '../../src/engine/fallback/answer.js';
import { toldLines } from '../../src/engine/fallback/told.js';
import { renderHuman } from '../../src/report/human.js';
import type { Report } from '../../src/report/report.js';
import type { Facts, PasteStory } from '../../src/types.js';
import { index, loadAnswerRules, rules } from './answer.helpers.js';

beforeAll(loadAnswerRules);

const FAILURE = 'My Control UI will not connect to the gateway: hundreds of unauthenticated sockets pile up behind the proxy and the dashboard shows disconnected.';
const CAUSE = 'rate-limit/preauth-socket-budget';

async function answer(text: string, drop?: keyof PasteStory): Promise<{ ids: string[]; fallback: FallbackAnswer; facts: Facts }> {
  const facts: Facts = { flags: {}, paste: await pasteFromString(text) };
  deriveFacts(facts);
  const story = facts.paste!.derived?.story;
  if (drop) {
    expect(story?.[drop], `the story has ${drop}`).toBeDefined();
    delete story![drop];
  }
  const output = evaluate(rules, facts);
  const fallback = needsFallback(facts, output, index.model.strongSpecificity) ? answerFallback(rules, facts, output, index) : { candidates: [] };
  return { ids: [...output.findings, ...fallback.candidates].map((f) => `${f.ruleId}${f.candidate ? `/${f.candidate.kind}` : ''}`), fallback, facts };
}

describe('the fallback reads the reporter\'s live telling', () => {
  it('the failure alone suggests the cause (the base every stand-down below removes)', async () => {
    expect((await answer(FAILURE)).ids).toContain(`${CAUSE}/lexical`);
  });

  // Looks like a connection problem, suggests no cause: the answer that gets the "run next" commands.
  const PLAIN = 'The dashboard could not connect to the gateway this morning.';
  it('the plain complaint alone gets the commands to run next', async () => {
    const { ids, fallback } = await answer(PLAIN);
    expect(ids).toEqual([]);
    expect(fallback.undiagnosed?.next.length).toBeGreaterThan(0);
    expect(fallback.undiagnosed?.resolved).toBeUndefined();
  });

  const fixed: Array<[string, string]> = [
    ['English, casual', 'nvm, works now'],
    ['English', 'all good now, thanks!'],
    ['Chinese 现在好了', '现在好了'],
    ['Chinese 已解决', '已解决'],
    ['Japanese 直りました', '直りました'],
    ['Japanese 解決しました', '解決しました'],
    ['Spanish', 'ya funciona'],
    ['Spanish solucionado', 'solucionado'],
    ['German', 'funktioniert jetzt'],
  ];
  it.each(fixed)('a fix statement after it (%s): the answer says it is fixed, no commands', async (_, said) => {
    const text = `${PLAIN}\n${said}`;
    const { ids, fallback } = await answer(text);
    expect(ids).toEqual([]);
    expect(fallback.undiagnosed?.resolved).toEqual({ line: 2, text: said });
    expect(fallback.undiagnosed?.next).toEqual([]);
    const without = (await answer(text, 'resolved')).fallback.undiagnosed;
    expect(without?.resolved).toBeUndefined();
    expect(without?.next.length).toBeGreaterThan(0);
  });

  it('the human report says the report is fixed instead of "no rule recognised its cause" and the commands', async () => {
    const { fallback } = await answer(`${PLAIN}\nnvm, works now`);
    const report: Report = {
      schemaVersion: 1,
      tool: { name: 'clawkit-doctor', version: '0.0.0' },
      inputs: { paste: null, config: null, probe: null, env: null, openclawVersion: null, rules: { count: 3, extraDirs: [] }, notCollected: [], unexamined: [] },
      summary: { findings: 0, bySeverity: { info: 0, warning: 0, error: 0 }, byCategory: {}, checks: { pass: 1, fail: 0, skip: 0, error: 0 }, failOn: 'error', exitCode: 0, notChecked: [] },
      findings: [],
      suppressed: [],
      errors: [],
      ...(fallback.undiagnosed ? { undiagnosed: fallback.undiagnosed } : {}),
    };
    const text = renderHuman(report, new Chalk({ level: 0 }));
    expect(text).toContain('The report says it is fixed (line 2)');
    expect(text).not.toContain('no rule recognised its cause');
    expect(text).not.toContain('Run next');
  });

  it('a fix statement keeps a guess the words make (the cause it fixed), and says nothing then', async () => {
    const { ids, fallback } = await answer(`${FAILURE}\nnvm, works now`);
    expect(ids).toContain(`${CAUSE}/lexical`);
    expect(fallback.undiagnosed).toBeUndefined();
  });

  it('a complaint after an earlier fix, or a fix undone later, still gets the commands', async () => {
    const after = await answer(`Fixed the config typo yesterday, thanks.\nToday: ${PLAIN}`);
    expect(after.facts.paste!.derived?.story?.resolved?.line).toBe(1);
    expect(after.fallback.undiagnosed?.resolved).toBeUndefined();
    expect(after.fallback.undiagnosed?.next.length).toBeGreaterThan(0);
    const undone = await answer(`${PLAIN}\nFixed it by restarting the proxy, but it came back again this morning.`);
    expect(undone.fallback.undiagnosed?.resolved).toBeUndefined();
    expect(undone.fallback.undiagnosed?.next.length).toBeGreaterThan(0);
  });

  it('a version arrow before the complaint and the fix: said fixed', async () => {
    const { fallback } = await answer(`Updating OpenClaw 2026.4.19 -> 2026.4.22\n${PLAIN}\nworks now after the update, thanks`);
    expect(fallback.undiagnosed?.resolved?.line).toBe(3);
  });

  const denied: Array<[string, string]> = [
    ['mine never said', 'My Control UI will not connect to the gateway and the dashboard shows disconnected. Mine never said hundreds of unauthenticated sockets pile up behind the proxy.'],
    ['I do not get', 'My Control UI will not connect to the gateway and the dashboard shows disconnected. I do not get hundreds of unauthenticated sockets piling up behind the proxy.'],
    ['没有报', '我的控制台连不上网关，仪表盘显示断开连接。没有报 hundreds of unauthenticated sockets pile up behind the proxy。'],
  ];
  it.each(denied)('a denied symptom (%s) suggests nothing; the complaint left still gets the commands', async (_, text) => {
    const { ids, fallback } = await answer(text);
    expect(ids).not.toContain(`${CAUSE}/lexical`);
    expect(fallback.undiagnosed?.next.length).toBeGreaterThan(0);
    expect((await answer(text, 'denied')).ids).toContain(`${CAUSE}/lexical`);
  });

  it('a quoting phrase\'s span ("The docs say X, but mine …") suggests nothing', async () => {
    const text = 'My Control UI will not connect to the gateway and the dashboard shows disconnected. The docs say hundreds of unauthenticated sockets pile up behind a proxy, but mine just shows disconnected.';
    expect((await answer(text)).ids).not.toContain(`${CAUSE}/lexical`);
    expect((await answer(text, 'quotedSpans')).ids).toContain(`${CAUSE}/lexical`);
  });

  it('a denial of something else leaves the failure\'s words', async () => {
    const text = `${FAILURE}\nI never get a certificate warning though.`;
    expect((await answer(text)).ids).toContain(`${CAUSE}/lexical`);
  });

  it('the evidence shown is the pasted line, not the blanked one', async () => {
    const text = `${FAILURE} I never get a certificate warning though.`;
    const { fallback, facts } = await answer(text);
    expect(facts.paste!.derived?.story?.denied?.length).toBe(1);
    const c = fallback.candidates.find((f) => f.ruleId === CAUSE);
    expect(c?.evidence[0]?.text).toBe(text);
  });
});

describe('toldLines', () => {
  const lines = [
    { line: 1, text: 'error one here' },
    { line: 2, text: 'mine never said error two' },
    { line: 3, text: 'error three after' },
  ];
  it('blanks denied and quoted spans in place, keeping offsets and line numbers', () => {
    const t = toldLines(lines, { denied: [{ line: 1, at: 0, end: 5 }], quotedSpans: [{ line: 3, at: 6, end: 11 }] });
    expect(t).toEqual([{ line: 1, text: '      one here' }, lines[1], { line: 3, text: 'error       after' }]);
  });
  it('drops a line left blank', () => {
    expect(toldLines(lines, { denied: [{ line: 2, at: 0, end: lines[1]!.text.length }] })).toEqual([lines[0], lines[2]]);
  });
  it('without spans (or a story) reads every line; a fix statement cuts nothing', () => {
    expect(toldLines(lines, undefined)).toEqual(lines);
    expect(toldLines(lines, { resolved: { line: 2, at: 0, end: 4 } })).toEqual(lines);
  });
});
