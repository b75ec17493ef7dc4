// The shared story facts widened where the re-landed relay / SecretRef-dashboard rules met review28e's near misses
// (notes/holdout.md Round 32b): each row fails when its words (lexicon/story/en.json) or its clause stop
// (src/derive/story.ts CLAUSE_STOP: 、 and "but") are taken out.
import { describe, expect, it } from 'vitest';
import { deniedSpans as denied, storyOf as storyOfText } from '../helpers/story.js';
import type { PasteStory } from '../../src/types.js';

const storyOf = async (text: string): Promise<PasteStory> => (await storyOfText(text)) ?? {};

describe('fix statements the relay rules met', () => {
  it.each([
    ['"resolved now" after the failure on its line', 'The OpenClaw extension said Relay not reachable at http://127.0.0.1:18792/, resolved now by running a node host.', true],
    ['"fixed now"', 'The OpenClaw extension shows Gateway token rejected was fixed now after I pasted the new token.', true],
    ['"and all good"', 'Token auto-auth is disabled for SecretRef-managed gateway.auth.token\nok that makes sense, pasted it and all good', true],
    ['a turn with "but": the failure\'s own "not" and "said" stay in the clause before it', 'Earlier the OpenClaw extension said relay not running but that\'s resolved.', true],
    ['ja: the clause starts after 、 (the failure\'s "not" stays before it)', 'OpenClawの拡張機能で relay not running と出ていましたが、ゲートウェイを再起動したら直りました。', true],
    ['a question: no outcome', 'is it resolved now?', false],
    ['negated: no outcome', 'the relay is not fixed now', false],
    ['a hope: no outcome', 'relay not running; hopefully all good after the update', false],
    ['"but" turns to a failure: no outcome', 'it worked but now relay not running again', false],
  ])('%s', async (_name, text, fixed) => {
    expect((await storyOf(text)).resolved !== undefined).toBe(fixed);
  });
});

describe('denials of what the extension shows', () => {
  it('names the denied span', async () => {
    expect(await denied('OpenClaw Browser Relay — the extension never says relay not running for me; my problem is the Telegram bot.')).toEqual(['relay not running for me']);
    expect(await denied('the OpenClaw Browser Relay is green, no relay not running message')).toEqual(['relay not running']);
  });
  it('a symptom is no denial', async () => {
    expect(await denied('the extension says relay not running')).toEqual([]);
    expect(await denied('no response from the relay')).toEqual([]);
  });
});

describe('quoting speakers', () => {
  it('a "Guide:" / "Blog:" line, and the paragraph a "Feature request:" line opens', async () => {
    expect((await storyOf('Guide: In the OpenClaw extension options, if the token is wrong it says "Gateway token rejected."')).quoted).toEqual([1]);
    expect((await storyOf('Blog: why OpenClaw 2026.4.20 stages plugin runtime deps at start')).quoted).toEqual([1]);
    expect((await storyOf('- Plugins: stop staging bundled plugin runtime deps at gateway start; the hang is gone (#72665)')).quoted).toEqual([1]);
    expect((await storyOf('Feature request: the options page should say which token it expects instead of only\n"Gateway token rejected"\nso people know.\n\nMy own gateway: relay not running')).quoted).toEqual([1, 2, 3]);
  });
  it('a report\'s own labels are not quotes', async () => {
    expect((await storyOf('Note: my OpenClaw extension says relay not running')).quoted ?? []).toEqual([]);
    expect((await storyOf('Update: relay not running again after the reboot')).quoted ?? []).toEqual([]);
  });
});
