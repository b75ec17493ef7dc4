// paste.derived.textAddress (src/derive/address.ts, notes/fallback.md Round 37b): a text that tells its reader what
// to do and never speaks of its writer, or that only asks and names no failure, gets no lexical guess. Each
// stand-down is shown twice: with the fact no lexical candidate, with the fact deleted some (so this fact, not
// another hold, removes them). Each near miss is a real report: the fact is unset and the answer has its guess.
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveAddress } from '../../src/derive/address.js';
import { deriveFacts } from '../../src/derive/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { answerFallback } from '../../src/engine/fallback/answer.js';
import type { Facts, LineRef } from '../../src/types.js';
import { index, loadAnswerRules, rules } from './answer.helpers.js';

beforeAll(loadAnswerRules);

const lines = (text: string): LineRef[] => text.split('\n').map((t, i) => ({ line: i + 1, text: t }));

/** The lexical candidates' rule ids, with the derived facts as derived and with `textAddress` deleted. */
async function lexicalBoth(text: string): Promise<{ address: string | undefined; with: string[]; without: string[] }> {
  const facts: Facts = { flags: {}, paste: await pasteFromString(text) };
  deriveFacts(facts);
  const output = evaluate(rules, facts);
  const lex = (f: Facts) => answerFallback(rules, f, output, index).candidates.filter((c) => c.candidate?.kind === 'lexical').map((c) => c.ruleId);
  const address = facts.paste!.derived?.textAddress;
  const withFact = lex(facts);
  const bare: Facts = { ...facts, paste: { ...facts.paste!, derived: { ...facts.paste!.derived } } };
  delete bare.paste!.derived!.textAddress;
  delete bare.paste!.derived!.textAddressLine;
  return { address, with: withFact, without: lex(bare) };
}

describe('a text addressed to its reader, or only asking, gets no guess from its words', () => {
  const standDowns: Array<[string, string, 'reader' | 'asking']> = [
    [
      'a how-to written to the reader',
      'Running the OpenClaw gateway on a VPS: keep gateway.bind on loopback and reach the dashboard through an SSH tunnel.\nssh -L 18789:127.0.0.1:18789 from your laptop, then your browser opens the Control UI on localhost, and Tailscale serve is the other way if you want it on the tailnet.',
      'reader',
    ],
    [
      'an advice answer about a token',
      'Answer: the OpenClaw gateway token lives in gateway.auth.token. If you changed it, restart the gateway service so your dashboard and paired devices pick the new token up; you can check with openclaw gateway status.',
      'reader',
    ],
    [
      'a question naming no failure',
      'Saved login for the dashboard\nEach morning I open the OpenClaw Control UI through my reverse proxy and paste the gateway token again. Is there a way to keep it in the browser, or does the password mode last longer?',
      'asking',
    ],
    [
      'a wish with a use case',
      'Android app with a home gateway\nI run the OpenClaw gateway on a Mac mini and would love to use the Android app with it over Tailscale serve. Use case: talking to my agent from the phone on the tailnet.',
      'asking',
    ],
  ];
  it.each(standDowns)('%s: no lexical candidate (some without the fact)', async (_, text, kind) => {
    const got = await lexicalBoth(text);
    expect(got.address).toBe(kind);
    expect(got.with).toEqual([]);
    expect(got.without.length).toBeGreaterThan(0);
  });

  // Near misses: reports that quote advice, requests that paste the writer's own failure, generic "you" with pasted output.
  const reports: Array<[string, string]> = [
    [
      'a report quoting a guide that speaks to "you"',
      'My OpenClaw dashboard shows disconnected behind nginx. The guide says you should pass the Upgrade header and your proxy must keep the connection open; I did both and the browser still closes right after the handshake.',
    ],
    [
      'a feature request that pastes its own error',
      'Feature request: please add a retry for the OpenClaw Control UI behind a reverse proxy. Right now the websocket closes right after the handshake with disconnected (1006) and the dashboard stays empty.',
    ],
    ['a question after its own failure', 'The OpenClaw dashboard cannot connect behind my nginx reverse proxy, the websocket closes right after the handshake. Is there a way to fix this?'],
    [
      'a generic-you report with pasted output',
      'When you open the OpenClaw dashboard behind nginx your browser shows the page, then the websocket closes after the handshake:\ndisconnected (1006): no reason',
    ],
    // review34b m1/m3 (own wording): no pasted output, the failure told in everyday symptom words.
    [
      'a generic-you report in symptom words',
      'Whenever you load the OpenClaw Control UI through Caddy your socket drops a second after connecting and the page stays blank. Same thing each time you refresh.',
    ],
    [
      'a report written to the maintainers',
      'Hello folks, since the upgrade your OpenClaw Control UI closes its websocket just after the handshake when you put it behind nginx and reload. Can you have a look?',
    ],
    [
      'a chat transcript: the reader is the reporter',
      'user: the OpenClaw dashboard behind nginx closes the websocket right after the handshake\nassistant: Your proxy drops the Upgrade header; add it to your nginx location block and reload.',
    ],
  ];
  it.each(reports)('%s: not addressed, the guess stays', async (_, text) => {
    const got = await lexicalBoth(text);
    expect(got.address).toBeUndefined();
    expect(got.with.length).toBeGreaterThan(0);
    expect(got.with).toEqual(got.without);
  });
});

describe('deriveAddress', () => {
  it('counts a reader only in prose: placeholders, quoted program text and log lines address no one', () => {
    expect(deriveAddress(lines('Set gateway.remote.url to wss://your-host:18789 and origin=https://your-public-host.'))).toEqual({});
    expect(deriveAddress(lines('The app printed "Open this from your computer" and `your device must be approved`.'))).toEqual({});
    expect(deriveAddress(lines('2026-07-01T10:00:00Z your device is not paired\n2026-07-01T10:00:01Z approve your device first'))).toEqual({});
  });

  it('a writer speaking of themselves anywhere is a report, in English or Chinese', () => {
    const advice = 'If you restart the gateway, your dashboard reconnects on its own.';
    expect(deriveAddress(lines(advice))).toEqual({ textAddress: 'reader', textAddressLine: 1 });
    expect(deriveAddress(lines(`${advice}\nIt reconnects within a minute.`))).toEqual({ textAddress: 'reader', textAddressLine: 1 });
    expect(deriveAddress(lines(`${advice}\nI tried that.`))).toEqual({});
    expect(deriveAddress(lines(`${advice}\n我试过了`))).toEqual({});
    // A command's -I flag is not the writer.
    expect(deriveAddress(lines(`${advice}\nCheck it with: $ curl -I http://127.0.0.1:18789/`))).toEqual({ textAddress: 'reader', textAddressLine: 1 });
    // A first person inside quotes or a code span is not the writer's.
    expect(deriveAddress(lines(`${advice}\nThe setting's name says "don't use me", and \`my-profile\` is only an example.`))).toEqual({ textAddress: 'reader', textAddressLine: 1 });
  });

  it('a reader\'s text or a question that names a failure in symptom words is a report; advice without one stays read', () => {
    const advice = 'If you restart the gateway, your dashboard reconnects on its own.';
    for (const symptom of ['It closes right after the handshake.', 'The page stays empty.', 'It keeps showing disconnected.', 'Since the update it no longer loads.', 'Happens every time.', 'The socket drops.'])
      expect(deriveAddress(lines(`${advice}\n${symptom}`))).toEqual({});
    // Words near the symptoms that name none: "close the tab", "keep your token", "stop" as advice.
    expect(deriveAddress(lines(`${advice}\nClose the tab first and keep your token handy; stop the old service.`))).toEqual({ textAddress: 'reader', textAddressLine: 1 });
    const ask = 'Is there a way to keep the token saved? You either enter it again or use a password.';
    expect(deriveAddress(lines(`${ask}\nSince the update it drops every hour.`))).toEqual({});
  });

  it('the Chinese second person alone is not read (it marks reporters\' own notes too)', () => {
    expect(deriveAddress(lines('你需要先重启网关，然后你的控制台会重新连接。'))).toEqual({});
  });

  it('asking names no failure: an error class, a close code or a failure word makes it a report; "either"/"enter" do not', () => {
    const ask = 'Is there a way to keep the token saved? You either enter it again or use a password.';
    expect(deriveAddress(lines(ask)).textAddress).toBe('asking');
    expect(deriveAddress(lines(`${ask}\nECONNREFUSED 127.0.0.1:18789`))).toEqual({});
    expect(deriveAddress(lines(`${ask}\nIt closes with 1008.`))).toEqual({});
    expect(deriveAddress(lines(`${ask}\n控制台无法连接`))).toEqual({});
  });

  it('a long paste is a log, not a note to someone', () => {
    const advice = 'If you restart the gateway, your dashboard reconnects on its own.';
    expect(deriveAddress(lines(`${advice}\n${'x\n'.repeat(400)}`))).toEqual({});
  });
});
