import { describe, expect, it } from 'vitest';
import { storyOf } from '../helpers/story.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveFacts } from '../../src/derive/index.js';
import { deriveStory, STORY_MAX_LINE_CHARS } from '../../src/derive/story.js';
import { FACT_SHAPE } from '../../src/rules/fact-shape.js';
import { RESOLVED_PARTS, SHARE_LISTS, STORY_DIMENSIONS, STORY_DIR, STORY_GATES_FILE, sourcesOf, storyFiles, storyWordsOf, type StoryWordsFile } from '../../src/shared/story-words.js';
import { gatesOf, gatesText } from '../../src/shared/story-gates.js';
import type { Facts, PasteStory } from '../../src/types.js';

const values = (s: PasteStory | undefined, dim: (typeof STORY_DIMENSIONS)[number]): string[] => (s?.[dim] ?? []).map((m) => m.is);

describe('the story of a report (paste.derived.story)', () => {
  it('reads each dimension from the report\'s own lines, in English and Chinese', async () => {
    const en = await storyOf('After the update last night my gateway never came back.\nThe agent ran systemctl --user restart openclaw-gateway from its own session.');
    expect(values(en, 'after')).toEqual(['update']);
    expect(values(en, 'gatewayState')).toEqual(['down']);
    expect(values(en, 'actor')).toContain('agent');
    expect(values(en, 'supervisor')).toEqual(['systemd']);
    expect(values(en, 'action')).toContain('restart');
    const zh = await storyOf('升级后网关一直重启，launchctl 看不到服务');
    expect(values(zh, 'after')).toEqual(['update']);
    expect(values(zh, 'gatewayState')).toEqual(['restarting-loop']);
    expect(values(zh, 'supervisor')).toEqual(['launchd']);
  });

  it('says the line of each mention (the first line saying it) and its last line when another line tells it again', async () => {
    const s = await storyOf('hello\nthe gateway is down\nthe gateway is down again');
    expect(s?.gatewayState).toEqual([{ is: 'down', line: 2, last: 3 }]);
    expect((await storyOf('hello\nthe gateway is down'))?.gatewayState).toEqual([{ is: 'down', line: 2 }]);
  });

  it('takes no state from a hypothetical line, a change\'s list item or a line saying it runs after all', async () => {
    expect(values(await storyOf('If the gateway is down, run openclaw gateway status.'), 'gatewayState')).toEqual([]);
    expect(values(await storyOf('- add a retry when the gateway failed to start'), 'gatewayState')).toEqual([]);
    expect(values(await storyOf('the panel says the gateway is offline but it is actually running fine'), 'gatewayState')).toEqual([]);
    expect(values(await storyOf('面板显示网关离线，但实际正常运行'), 'gatewayState')).toEqual([]);
    // A service manager's own log line is output, not the user's account (a stop then a start is normal).
    expect(values(await storyOf('systemd[812]: Stopped openclaw-gateway.service - OpenClaw Gateway.'), 'gatewayState')).toEqual([]);
    expect(values(await storyOf('2026-11-03T10:12:01Z gateway stopped'), 'gatewayState')).toEqual([]);
  });

  it('needs the gateway as the subject of a state (another thing\'s restart loop is not the gateway\'s)', async () => {
    expect(values(await storyOf('the Matrix client enters a restart loop after the update'), 'gatewayState')).toEqual([]);
    expect(values(await storyOf('the openclaw gateway is in a restart loop after the update'), 'gatewayState')).toEqual(['restarting-loop']);
  });

  it('feeds nothing from a guide, a guide heading\'s rows or a troubleshooting table\'s rows, and skips over-long lines', async () => {
    const kept = (await pasteFromString('notes\nthe gateway is down\nthe gateway crashed')).kept;
    expect(deriveStory(kept, {}).story?.gatewayState).toEqual([{ is: 'down', line: 2, last: 3 }]);
    expect(deriveStory(kept, { textKind: 'guide', textKindLine: 1, textKindBy: 'mark' }).story).toBeUndefined();
    expect(deriveStory(kept, { textKind: 'guide', textKindLine: 1, textKindBy: 'mark', heldRows: [2] }).story?.gatewayState).toEqual([{ is: 'down', line: 3 }]);
    expect(deriveStory(kept, { heldRows: [2, 3] }).story).toBeUndefined();
    const long = `the gateway is down ${'x'.repeat(STORY_MAX_LINE_CHARS)}`;
    expect(await storyOf(long)).toBeUndefined();
  });

  it('runs in the derive stage (deriveFacts) beside the owner and the text kind', async () => {
    const paste = await pasteFromString('my openclaw gateway keeps restarting since the reboot');
    const facts = deriveFacts({ paste } as Facts);
    expect(values(facts.paste?.derived?.story, 'gatewayState')).toEqual(['restarting-loop']);
    expect(values(facts.paste?.derived?.story, 'after')).toEqual(['reboot']);
    expect(facts.paste?.derived?.gatewayOwner).toBe('openclaw');
  });

  it('uses only values the fact shape knows, in every language file (rules validate reads the shape)', () => {
    const shape = (FACT_SHAPE.paste as Record<string, any>).derived.story; // eslint-disable-line @typescript-eslint/no-explicit-any -- a test walks the shape
    const files = readdirSync(STORY_DIR).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const words = JSON.parse(readFileSync(join(STORY_DIR, f), 'utf8')) as StoryWordsFile;
      for (const dim of STORY_DIMENSIONS) {
        const known = Object.keys(shape[dim].$each.is.$enum);
        for (const is of Object.keys(words[dim] ?? {})) expect(known, `${f} ${dim}.${is}`).toContain(is);
      }
      // Every pattern compiles once {gw} is replaced. Patterns compile lazily (at first use on a line holding a gate
      // literal), so building the words proves nothing: compile each source here (review30a should-fix).
      const s = sourcesOf(words);
      const all = [...s.notState, ...s.runs, ...RESOLVED_PARTS.flatMap((p) => s.resolved[p]), ...SHARE_LISTS.flatMap((l) => s[l]), ...STORY_DIMENSIONS.flatMap((d) => s[d].flatMap(([, list]) => list))];
      expect(all.length, f).toBeGreaterThan(0);
      for (const src of all) expect(() => new RegExp(src, 'i'), `${f}: ${src}`).not.toThrow();
    }
  });

  it('has fresh gate literals, and a gated pattern answers as the ungated one (node scripts/story-gates.mjs)', async () => {
    expect(readFileSync(join(STORY_DIR, STORY_GATES_FILE), 'utf8')).toBe(gatesText(gatesOf(storyFiles())));
    const gated = storyWordsOf(storyFiles(), gatesOf(storyFiles()));
    const plain = storyWordsOf(storyFiles());
    const texts = ['After the update last night my gateway never came back.', 'the openclaw gateway keeps restarting since the reboot', '网关挂了，升级后一直重启', 'If the gateway is down, run status', 'unrelated line about the weather'];
    for (const t of texts) {
      const lines = [{ line: 1, text: t }];
      expect(deriveStory(lines, {}, gated), t).toEqual(deriveStory(lines, {}, plain));
    }
  });

  it('gates a pattern with the subject in its middle by the whole pattern only (no literal across the seam)', () => {
    const file: StoryWordsFile = { subject: '(?:网关|gateway)', gatewayState: { killed: ['把(?:整个)?{gw}(?:也)?(?:搞|弄)崩'] } };
    const words = storyWordsOf([file], gatesOf([file]));
    const lines = [{ line: 1, text: '插件把整个网关搞崩了' }];
    expect(deriveStory(lines, {}, words).story?.gatewayState?.map((m) => m.is)).toEqual(['killed']);
  });

  it('reads the process-level states and the watchdog actor (Round 25c)', async () => {
    const s = await storyOf('My watchdog script restarts it: the gateway gets restarted mid-start.\nA stale gateway process still holds 18789.\nInvalid config, so the gateway refuses to start.');
    expect(values(s, 'gatewayState')).toEqual(expect.arrayContaining(['killed', 'held', 'config-refused']));
    expect(values(s, 'actor')).toContain('watchdog');
    expect(values(await storyOf('[gateway] service-mode: cleared 1 stale gateway pid(s) before bind on port 18789'), 'gatewayState')).toEqual([]);
  });

  it('takes no process-level state from another product, a modal tip, a plain restart loop, a solved line or a zh wish (review22a)', async () => {
    expect(values(await storyOf('[discord] gateway closed (4004). Could another gateway instance be using the same bot token?'), 'gatewayState')).toEqual([]);
    expect(values(await storyOf('Last night the litellm container was oom-killed, so openclaw model calls failed.'), 'gatewayState')).toEqual([]);
    expect(values(await storyOf('Tip: the OpenClaw gateway can be killed silently by battery optimization.'), 'gatewayState')).toEqual([]);
    expect(values(await storyOf('My openclaw gateway is stuck in a restart loop since the update.'), 'actor')).not.toContain('watchdog');
    expect(values(await storyOf('Solved! The gateway was killed by my old watchdog script, now everything works.'), 'gatewayState')).toEqual([]);
    expect(values(await storyOf('希望 openclaw 网关宕机的时候能自动发通知。'), 'gatewayState')).toEqual([]);
    expect(values(await storyOf('A second openclaw gateway process still answers on 18789.'), 'gatewayState')).toContain('held');
    expect(values(await storyOf('the openclaw gateway got oom-killed at 03:10'), 'gatewayState')).toContain('killed');
  });
});
