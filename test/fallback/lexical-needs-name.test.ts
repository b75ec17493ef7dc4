// lexicon/model.json `lexicalNeedsName` (notes/fallback.md Round 34a): the ranker guesses an OpenClaw gateway
// cause from words only in a paste that names OpenClaw, its gateway, dashboard or pairing (lexicon `names`, every
// language). Each stand-down is shown twice: with the shipped model no lexical candidate, with the flag off some
// (so the gate, not another hold, removes them). Each report that names it keeps exactly the flag-off answer.
import { beforeAll, describe, expect, it } from 'vitest';
import type { LexiconIndex } from '../../src/engine/fallback/types.js';
import type { Facts } from '../../src/types.js';
import { answerIds, index, lexicalIds, loadAnswerRules } from './answer.helpers.js';

beforeAll(loadAnswerRules);

const flagOff = (): LexiconIndex => ({ ...index, model: { ...index.model, lexicalNeedsName: false } });

const answer = answerIds;
const lexical = lexicalIds;

describe('a guess from words needs a paste that names OpenClaw or its gateway', () => {
  it('is on in the shipped model', () => {
    expect(index.model.lexicalNeedsName).toBe(true);
  });

  // Other programs' connection reports, written fresh: each shares the ranker's words and names nothing of OpenClaw.
  const app = 'After the iOS update the companion app cannot reach the server over the VPN any more: the websocket connection is refused, the remote URL and token are unchanged and it worked before the update.';
  const otherPrograms: Array<[string, string]> = [
    ['a reverse proxy in front of a chat app', 'My chat app behind nginx: the reverse proxy does not pass the websocket upgrade headers, so the browser connection closes right after the handshake and the page shows disconnected.'],
    ['a PR diff whose +/- lines and prose quote the failure', 'fix(proxy): forward the Upgrade header\n- proxy_set_header Connection "";\n+ proxy_set_header Upgrade $http_upgrade;\n+ proxy_set_header Connection "upgrade";\nWithout it the websocket handshake fails with 400 behind nginx and the reverse proxy closes the connection.'],
    ['a companion app after an OS update', app],
  ];
  it.each(otherPrograms)('%s: no lexical candidate (some with the flag off)', async (_, text) => {
    expect(lexical((await answer(text)).ids)).toEqual([]);
    expect(lexical((await answer(text, flagOff())).ids).length).toBeGreaterThan(0);
  });

  // Reports that name it (prose, a code fence, a wrapped line, Chinese, a PR-like heading over a real failure).
  const named: Array<[string, string]> = [
    ['prose', 'The dashboard keeps showing disconnected behind my nginx reverse proxy: the websocket upgrade headers are not passed and the connection closes right after the handshake.'],
    ['the name only inside a code fence', 'Since this morning the browser page closes its connection right after the handshake, behind nginx:\n```\nopenclaw gateway: websocket upgrade missing, connection closed\n```'],
    ['a wrapped line', 'Behind nginx the reverse proxy does not pass the websocket upgrade headers, so the browser connection to the open-\nclaw gateway closes right after the handshake and the page shows disconnected.'],
    ['Chinese', '在 nginx 反向代理后面打开控制台，网关的 websocket 握手后马上断开，页面一直显示已断开连接'],
    ['a PR-like heading over a real failure', '## fix: dashboard websocket behind nginx\nMine is broken right now: the dashboard connection closes right after the handshake behind my nginx reverse proxy, upgrade headers are not passed.'],
  ];
  it.each(named)('%s: the flag-off answer, with a lexical candidate', async (_, text) => {
    const got = (await answer(text)).ids;
    expect(lexical(got).length).toBeGreaterThan(0);
    expect(got).toEqual((await answer(text, flagOff())).ids);
  });

  // review31d: a run that read this machine's OpenClaw config is an OpenClaw user's, whatever the paste names.
  it.each(otherPrograms)('%s: with an OpenClaw config found on this machine, the flag-off answer', async (_, text) => {
    const config = { found: true, path: '/home/u/.openclaw/openclaw.json' } as unknown as Facts['config'];
    const got = (await answer(text, index, { config })).ids;
    expect(lexical(got).length).toBeGreaterThan(0);
    expect(got).toEqual((await answer(text, flagOff(), { config })).ids);
  });

  it('a paste without a name still gets what was recognised and the commands to run next when it looks like a connection problem', async () => {
    const { ids, fb } = await answer(app);
    expect(ids).toEqual([]);
    expect(fb.undiagnosed?.next.length).toBeGreaterThan(0);
  });
});
