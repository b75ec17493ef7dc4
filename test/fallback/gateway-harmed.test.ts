// A paste saying the gateway itself went down (lexicon `gatewayHarmed`) is not held back by the
// other-subsystem competitor (rank.ts): a channel or provider failure that takes the gateway with it
// is a gateway report. Synthetic words keep the scores under the test's control.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { buildLexiconIndex } from '../../src/engine/fallback/index-build.js';
import { rankCandidates, saysGatewayHarmed } from '../../src/engine/fallback/rank.js';
import type { LexiconFile, ModelParams } from '../../src/engine/fallback/types.js';
import type { Category, Rule } from '../../src/types.js';
import { ROOT } from '../cli/run.js';

const MODEL: ModelParams = { k1: 1.2, b: 0.75, weights: { title: 2, message: 1, notes: 0.5, phrases: 2 }, threshold: 1, minTerms: 3, dominance: 1.5, maxCandidates: 3, strongSpecificity: 40 };

function rule(id: string, category: Category, words: string): Rule {
  return { id, title: words, category, severity: 'error', when: { paste: { regex: 'x' } }, specificity: 50, message: words, fix: { tier: 'manual', steps: ['-'] } } as Rule;
}
const FILLER = Array.from({ length: 12 }, (_, i) => rule(`gateway-down/filler-${i}`, 'gateway-down', `fa${i} fb${i} fc${i} fd${i} fe${i}`));
const LEXICON: LexiconFile = {
  language: 'xx',
  // The competitor shares every pasted word: without the harmed line it dominates the rule.
  otherSubsystems: { chat: ['kaw lim mor nup ras sot tuv'] },
  gatewayHarmed: ['\\bgateway (?:crashed|hangs)\\b'],
} as LexiconFile;
const index = buildLexiconIndex([rule('gateway-down/g1', 'gateway-down', 'kaw lim mor nup'), ...FILLER], [LEXICON], MODEL, 'test');
const kept = async (text: string) => (await pasteFromString(text)).kept;

describe('gatewayHarmed lifts the other-subsystem dominance, nothing else', () => {
  it('the competitor holds the rule back when no line says the gateway went down', async () => {
    expect(rankCandidates(index, await kept('kaw lim mor nup ras sot tuv'))).toEqual([]);
  });

  it('a line saying the gateway crashed lets the best rule through', async () => {
    const lines = await kept('kaw lim mor nup ras sot tuv\nthen the gateway crashed');
    expect(saysGatewayHarmed(index, lines)).toBe(true);
    expect(rankCandidates(index, lines).map((c) => c.ruleId)).toEqual(['gateway-down/g1']);
  });

  it('the threshold still applies', async () => {
    const high = buildLexiconIndex([rule('gateway-down/g1', 'gateway-down', 'kaw lim mor nup'), ...FILLER], [LEXICON], { ...MODEL, threshold: 1000 }, 'test');
    expect(rankCandidates(high, await kept('kaw lim mor nup ras sot tuv\nthe gateway hangs'))).toEqual([]);
  });

  it('the shipped phrases: a crash or kill of the gateway, not of something else or a fix that avoids it', async () => {
    const en = JSON.parse(readFileSync(`${ROOT}/lexicon/en.json`, 'utf8')) as LexiconFile;
    const shipped = buildLexiconIndex(FILLER, [en], MODEL, 'test');
    const says = async (t: string) => saysGatewayHarmed(shipped, await kept(t));
    expect(await says('After the Slack bot was removed the whole gateway becomes unresponsive')).toBe(true);
    expect(await says('An unhandled rejection in the provider crashes the entire OpenClaw gateway')).toBe(true);
    expect(await says('Clicking Update causes the Gateway to crash')).toBe(true);
    expect(await says('The Telegram channel crashed, but the dashboard still connects')).toBe(false);
    expect(await says('gateway crash reporting: add a crash counter to the status page')).toBe(false);
    // Host lifecycle and placement (Round 22b): the OS or a deleted service takes the gateway away, or it listens nowhere reachable.
    expect(await says('With battery optimization on, the OpenClaw gateway can be silently killed in the background')).toBe(true);
    // Round 22e: 'unrestartable' and 'not binding' were one holdout21 case's words each (dropped); a modal kill in advice does not count.
    expect(await says('the gateway became unrestartable after the Scheduled Task was deleted')).toBe(false);
    expect(await says('2. Gateway not binding to the right interface inside the container')).toBe(false);
    expect(await says('Note: if you close the terminal the gateway will be killed, so I run it under tmux.')).toBe(false);
    expect(await says('If battery optimization is enabled, the gateway could be killed silently.')).toBe(false);
    expect(await says('the gateway process was never killed, only the browser tab reloaded')).toBe(false);
    expect(await says('gateway binding: loopback by default, lan for containers')).toBe(false);
  });

  it('the shipped Chinese, Japanese and Korean phrases: the gateway killed, stopped or crashed, not another process', async () => {
    const lexicons = ['zh', 'ja', 'ko'].map((l) => JSON.parse(readFileSync(`${ROOT}/lexicon/${l}.json`, 'utf8')) as LexiconFile);
    const shipped = buildLexiconIndex(FILLER, lexicons, MODEL, 'test');
    const says = async (t: string) => saysGatewayHarmed(shipped, await kept(t));
    const lines: Array<[string, boolean]> = [
      ['改完配置以后 Gateway 进程会被 SIGTERM 杀掉再拉起来', true],
      ['跑了一晚上，早上看网关自己停了', true],
      ['systemd 的 openclaw-gateway 服务一直崩溃，端口 18789 没人监听', true],
      ['チャンネルを追加したらゲートウェイが落ちるようになった', true],
      ['업데이트 후 게이트웨이가 다운되고 대시보드가 안 열립니다', true],
      ['浏览器进程被系统杀掉了，网关正常', false],
      ['后台服务正常，只是浏览器一直崩溃', false],
      ['ブラウザが落ちるがゲートウェイは動いている', false],
      // review19a f09–f11: the gateway said not to have died, or stopped by the user on purpose.
      ['게이트웨이는 죽지 않았고 대시보드도 잘 연결됩니다', false],
      ['网关是正常的，控制台能连上。我先把网关停掉了再重启，还是 429', false],
      ['gateway停止して再起動しましたが同じです。ダッシュボードには接続できています。', false],
      ['夜中にゲートウェイが停止していた', true],
    ];
    for (const [text, harmed] of lines) expect(await says(text), text).toBe(harmed);
  });
});
