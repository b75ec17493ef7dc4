// Issue #12, Round 26c: three precision holes in the story facts (notes/holdout.md Rounds 25e, 25h).
// Raw, report-shaped inputs; each negative read a state before this round, each positive must still read.
import { beforeAll, describe, expect, it } from 'vitest';
import { storyOf } from '../helpers/story.js';
import { conditional } from '../../src/derive/story.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Rule } from '../../src/types.js';
import { factsOf } from './text-shape.helpers.js';

const states = async (text: string): Promise<string[]> => ((await storyOf(text))?.gatewayState ?? []).map((m) => m.is);

describe('1. a channel\'s connection is not the gateway\'s state', () => {
  it('the gateway as the subject of a channel/provider failure tells no down state', async () => {
    expect(await states('openclaw gateway does not recover the Slack websocket once the NUC resumes from suspend')).toEqual([]);
    expect(await states('the openclaw gateway fails to restart the discord channel after a token rotation')).toEqual([]);
    expect(await states('openclaw 网关的TG连接掉线了，重启网关才好')).toEqual([]);
  });

  it('the gateway itself not coming back still reads', async () => {
    expect(await states('My gateway doesn\'t recover after the Mac wakes from sleep, launchctl shows it exited.')).toEqual(['down']);
    expect(await states('the openclaw gateway won\'t start since the update')).toEqual(['down']);
    expect(await states('openclaw 网关升级后起不来')).toEqual(['down']);
  });

  it('"the gateway process stays running" cancels the down state of the whole report', async () => {
    const stays = 'since the lid was closed overnight WhatsApp gets no replies, is the gateway down?\nps says no: the gateway process stays running and systemd never restarted it.';
    expect(await states(stays)).toEqual([]);
    expect(await states('the gateway is down?\nno: the openclaw gateway remained running the whole time')).toEqual([]);
    expect(await states('the gateway is down since the update, launchctl shows no pid')).toEqual(['down']);
  });

  it('a running state bounded in time or in doubt does not cancel a later down/kill (review23a 6)', async () => {
    expect(await states('openclaw 2026.9.6\nThe gateway was running for two weeks straight, then this morning the openclaw gateway got oom-killed and nothing answers.')).toEqual(['killed']);
    expect(await states('the gateway service stayed running until Friday; since then my openclaw gateway won\'t start')).toEqual(['down']);
    expect(await states('Not sure whether the gateway process is running at all, the Control UI only shows offline.\nAfter the upgrade the openclaw gateway won\'t start.')).toEqual(['down']);
    expect(await states('I can\'t tell whether the gateway is still running; my openclaw gateway never came back after the reboot')).toEqual(['down']);
    expect(await states('Regardless of whether the gateway process is actually running, the openclaw gateway was never started by launchd')).toEqual(['down']);
  });
});

describe('2. a story finding rests on a line of the paste', () => {
  let rules: Rule[];
  beforeAll(async () => {
    rules = await loadBuiltinRules();
  });
  const STORY_RULES = ['gateway-down/story-gateway-down', 'gateway-down/story-gateway-killed', 'config-parse/story-config-refused'];

  it('every story mention carries the report line it came from', async () => {
    const s = await storyOf('openclaw 2026.9.6\nmy openclaw gateway got oom-killed at 03:10\ninvalid config, so the openclaw gateway refuses to start');
    for (const m of Object.values(s ?? {}).flat()) expect(m.line).toBeGreaterThan(0);
  });

  it('each story rule that fires quotes at least one report line', async () => {
    const pastes = [
      'openclaw 2026.9.6 on a VPS\nSince this morning my OpenClaw gateway is dead and the bot is silent.',
      'openclaw 2026.9.6\nmy openclaw gateway got oom-killed at 03:10 and nothing restarted it',
      'openclaw 2026.9.6\nafter editing openclaw.json the gateway refuses to start: schema validation failed',
    ];
    const fired = new Set<string>();
    for (const text of pastes) {
      const facts = await factsOf(text);
      for (const f of evaluate(rules, facts).findings.filter((x) => STORY_RULES.includes(x.ruleId))) {
        fired.add(f.ruleId);
        expect(f.evidence.some((e) => typeof e.line === 'number' && e.line > 0), f.ruleId).toBe(true);
      }
    }
    expect([...fired].sort()).toEqual([...STORY_RULES].sort());
  });

  it('the channel-after-sleep report fires no story rule at all (prec15\'s evidence-less finding)', async () => {
    const text = 'Slack bot dead after my Linux box resumes from suspend\n\nopenclaw 2026.9.6 on Fedora. After resume the openclaw gateway does not recover the slack socket, I have to run `openclaw channels restart slack`.\n```\n[slack] [default] socket mode disconnected: ETIMEDOUT, giving up\n```\nThe gateway service remains running the whole time (systemctl --user shows active).';
    const facts = await factsOf(text);
    expect(evaluate(rules, facts).findings.filter((f) => STORY_RULES.includes(f.ruleId))).toEqual([]);
  });
});

describe('3. a condition governs only the clause it opens', () => {
  it('a state inside an if/when clause of a how-to is hypothetical (en, zh)', async () => {
    expect(await states('4. If the OOM killer kills the gateway, add swap or a memory limit.')).toEqual([]);
    expect(await states('Tip: when the openclaw gateway gets killed by the oom killer, raise the limit.')).toEqual([]);
    expect(await states('| 常见问题 | 如果 openclaw 网关挂了，先看日志 |\n如果 openclaw 网关启动后又挂了，检查端口')).toEqual([]);
  });

  it('the main clause after the condition, and a reporter\'s own event, still tell', async () => {
    expect(await states('when I start it, the openclaw gateway crashes and exits with code 1, the gateway is down')).toEqual(['down']);
    expect(await states('When I ran openclaw update the gateway went down and never came up')).toEqual(['down']);
    expect(await states('Whenever we redeploy the container the openclaw gateway is down for ten minutes')).toEqual(['down']);
  });

  it('a recurring real event ("every night when …", "once a day") tells; a guide\'s if still does not (review23a 7)', async () => {
    expect(await states('openclaw 2026.9.6 on a 1 GB droplet\nEvery morning when the log rotation cron fires the openclaw gateway gets killed by the oom killer.')).toEqual(['killed']);
    expect(await states('Once or twice a week the openclaw gateway got killed and Matrix went quiet until someone restarted it.')).toEqual(['down']);
    expect(await states('4. If the OOM killer kills the gateway, add swap or a memory limit.')).toEqual([]);
    expect(await states('If every night the openclaw gateway gets killed by the oom killer, add swap.')).toEqual([]);
    expect(await states('Tip: once the openclaw gateway gets killed by the oom killer, raise the limit.')).toEqual([]);
  });

  it('reads the clause before the match only (the pure helper)', () => {
    const line = 'If the OOM killer kills the gateway, add swap; the gateway is down anyway';
    expect(conditional(line, line.indexOf('kills the gateway'))).toBe(true);
    expect(conditional(line, line.lastIndexOf('the gateway is down'))).toBe(false);
    expect(conditional('When we upgraded the gateway died', 'When we upgraded '.length)).toBe(false);
    expect(conditional('I have no idea whether the gateway is running', 'I have no idea whether '.length)).toBe(true);
  });
});
