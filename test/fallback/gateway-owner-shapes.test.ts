// Whose gateway, by the shape of another product's own configuration (notes/fallback.md Round 36b): a
// `<PRODUCT>_GATEWAY_<KEY>` variable, a systemd unit called plainly gateway.service, a product named beside
// another language's word for a gateway (Kong网关). The fallback then says whose gateway it looks like
// instead of guessing an OpenClaw cause; any OpenClaw sign (its name, 18789, OPENCLAW_/CLAWDBOT_ variables,
// `gateway.auth`, Control UI) wins. Whole answers: each stand-down is also run with the shape taken out,
// so the shape — not another hold — is what removes the guess.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveOwner } from '../../src/derive/owner.js';
import { gatewayOwners } from '../../src/shared/gateway-owners.js';
import { answerIds, lexicalIds, loadAnswerRules } from './answer.helpers.js';

beforeAll(loadAnswerRules);

const SHAPES = 'its own configuration names it';
const owners = gatewayOwners();
const shipped = { others: [...owners.others], gatewayWords: owners.gatewayWords };
afterEach(() => {
  owners.others.splice(0, owners.others.length, ...shipped.others);
  owners.gatewayWords = shipped.gatewayWords;
});
/** The markers as before this round: no configuration shapes, no other-language gateway word. */
function asBefore(): void {
  owners.others.splice(0, owners.others.length, ...shipped.others.filter((o) => o.class !== SHAPES));
  owners.gatewayWords = { test: /(?!)/, replace: /(?!)/g, denied: /(?!)/ };
}
const ownerOf = async (text: string) => deriveOwner((await pasteFromString(text)).kept);

/** The answer now: no owner note, and the same findings and run-next commands as with the markers as before. */
async function answerAsWithoutShapes(text: string): Promise<Awaited<ReturnType<typeof answerIds>>> {
  const now = await answerIds(text);
  expect(now.fb.undiagnosed?.notGateway.some((n) => n.owner) ?? false).toBe(false);
  asBefore();
  const before = await answerIds(text);
  expect(now.ids).toEqual(before.ids);
  expect(now.fb.undiagnosed?.next).toEqual(before.fb.undiagnosed?.next);
  return now;
}

describe("another product's gateway by the shape of its configuration: the fallback stands down", () => {
  const others: Array<[string, string, string]> = [
    [
      'a relay whose own variable names its gateway port',
      'After upgrading the relay, RELAYD_GATEWAY_PORT=9000 is ignored: the dashboard still says the gateway refused the connection on 8080 and the websocket closes right after the handshake.',
      'another product whose own *_GATEWAY_* variables configure it',
    ],
    [
      'a PR text of another project, labelled with the cause',
      'fix(watch): refresh stale loopback gateway URLs on config reload\n\nEDGE_GATEWAY_URL pointing at 127.0.0.1 kept the old port after a reload, so the dashboard reconnected to a gateway that had moved and the websocket closed with 1006.',
      'another product whose own *_GATEWAY_* variables configure it',
    ],
    [
      "another program's systemd unit named plainly gateway.service",
      '● gateway.service - storage edge\n   Active: failed (Result: exit-code)\nthe gateway cannot start: bind: address already in use on port 8787, the dashboard cannot connect',
      'another program whose systemd unit is plainly gateway.service',
    ],
    ['a Chinese report naming Kong beside 网关', '升级以后 Kong网关 一直返回 502，websocket 连接被拒绝，dashboard 显示 disconnected (1006)', 'Kong'],
    ['a Japanese report naming Kong beside ゲートウェイ', 'Kong ゲートウェイ の WebSocket が 1006 で切断され、dashboard に接続できません (connection refused)', 'Kong'],
  ];
  it.each(others)('%s: owner other, no guess, the owner note — and a guess or no note without the shape', async (_, text, product) => {
    expect(await ownerOf(text)).toMatchObject({ gatewayOwner: 'other', ownerProduct: product });
    const now = await answerIds(text);
    expect(lexicalIds(now.ids)).toEqual([]);
    expect(now.fb.undiagnosed?.notGateway.some((n) => n.owner === product)).toBe(true);
    asBefore();
    expect((await ownerOf(text)).gatewayOwner).not.toBe('other');
    const before = await answerIds(text);
    expect(before.fb.undiagnosed?.notGateway.some((n) => n.owner === product) ?? false).toBe(false);
  });
});

describe('an OpenClaw sign wins over another product named beside it (answers unchanged by the shapes)', () => {
  const mine: Array<[string, string]> = [
    ['an OpenClaw paste that mentions Home Assistant', 'Home Assistant runs on the same Pi and its gateway is fine.\nopenclaw gateway status: RPC probe: failed — connect ECONNREFUSED 127.0.0.1:18789'],
    ['the OpenClaw gateway behind Kong', 'The OpenClaw gateway behind our Kong gateway closes the websocket with 1006 right after the handshake: Kong does not pass the upgrade headers.'],
    ["another agent framework's gateway on port 18789", 'The Hermes Agent gateway on port 18789 refuses the connection since the update; the dashboard shows disconnected.'],
    ['an OpenClaw PR naming its own variable', 'fix(gateway): honour OPENCLAW_GATEWAY_TOKEN on config reload\n\nThe dashboard reconnected with the old token and the gateway closed it with 1008 unauthorized.'],
    ["the former name's variable (CLAWDBOT_) is OpenClaw's", 'CLAWDBOT_GATEWAY_TOKEN is still set in the unit, the dashboard gets 1008 token mismatch after the rename'],
    ["OpenClaw's own unit beside a plain gateway.service", 'It is not the old gateway.service: openclaw-gateway.service fails with exit code 1 and the dashboard cannot connect.'],
    ['OpenClaw in Chinese beside 网关', 'OpenClaw 网关 升级以后 无法启动，Control UI 显示 disconnected (1006)'],
  ];
  it.each(mine)('%s: owner openclaw, a finding or the commands to run next, same answer as without the shapes', async (_, text) => {
    expect((await ownerOf(text)).gatewayOwner).toBe('openclaw');
    const now = await answerAsWithoutShapes(text);
    expect(now.ids.length + (now.fb.undiagnosed?.next.length ?? 0)).toBeGreaterThan(0);
  });

  // Shapes that are not another product's: no prefix, lower case (source code), a unit with a prefix of its own.
  const neither: Array<[string, string]> = [
    ['a bare GATEWAY_TOKEN in a proxy config', 'proxy_set_header Authorization "Bearer ${GATEWAY_TOKEN}"; the gateway answers 401 behind nginx'],
    ['a lower-case variable in source code', 'remote_gateway_port = 9000  # the gateway refused the connection'],
    ['a unit with a prefix of its own', 'my-gateway.service: Main process exited, code=exited, status=1/FAILURE'],
    ['a wrapped variable name', 'RELAYD_\nGATEWAY_PORT=9000 is ignored and the gateway refused the connection'],
  ];
  it.each(neither)('%s: not another product', async (_, text) => {
    expect((await ownerOf(text)).gatewayOwner).not.toBe('other');
  });
});

// Review33a (notes/fallback.md Round 36b, mend33a): the owner fact also holds back rule findings
// (src/engine/held.ts), so a wrong "another product" silences real answers. These name no other product:
// the whole answer (findings, commands, owner note) must be the one without the shapes.
describe('not another product: the answer is the one without the shapes (review33a)', () => {
  const same: Array<[string, string, boolean]> = [
    // [why, text, the answer has a rule finding]
    ["Mission Control's NEXT_PUBLIC_ variables (a framework's prefix) and a 1006", 'Mission Control .env.local:\nNEXT_PUBLIC_GATEWAY_URL=wss://box.tail0000.ts.net\nNEXT_PUBLIC_GATEWAY_TOKEN=xyz\nconsole: WebSocket connection failed, disconnected (1006)', true],
    ['a NEXT_PUBLIC_ token and a bare unauthorized', 'NEXT_PUBLIC_GATEWAY_TOKEN=sk-test-000\nGateway error: unauthorized', true],
    ['a Vite client variable', 'VITE_GATEWAY_URL=wss://example.host/ws\nthe web client: gateway connect failed, disconnected (1006) no reason', true],
    ['a quoted REACT_APP_ variable in JSON', '{"REACT_APP_GATEWAY_URL": "wss://example.host"}\nthe gateway closed the socket: disconnected (1006)', true],
    ['an Expo app variable', 'EXPO_PUBLIC_GATEWAY_HOST=192.168.1.20 — the phone app shows disconnected (1006)', true],
    ['a two-letter prefix names no product', 'OC_GATEWAY_TOKEN=xxxx\nOC_GATEWAY_URL=wss://home.example.org\nmy phone app: disconnected (1008): unauthorized', true],
    ['gateway.service in prose', 'The gateway.service keeps restarting after the update\nwebsocket closed 1006, connection refused', true],
    ['a unit the user wrote, named in parentheses', 'running the assistant via a systemd unit I wrote myself (gateway.service);\nafter upgrade the gateway says: disconnected (1006)', true],
    ['zh: Kong named only to say it is not the problem', '不是Kong网关的问题，Kong 正常。网关本身一直 disconnected (1006)', true],
    ['ja: the Kong gateway is fine', 'Kongゲートウェイは正常です。でもゲートウェイ自体が disconnected (1006)', true],
    ['ko: the Kong gateway is not it', 'Kong 게이트웨이 문제가 아니에요. 게이트웨이가 disconnected (1006)', true],
  ];
  it.each(same)('%s: owner not other, same whole answer as without the shapes', async (_, text, finds) => {
    expect((await ownerOf(text)).gatewayOwner).not.toBe('other');
    const now = await answerAsWithoutShapes(text);
    expect(now.ids.length > 0).toBe(finds);
  });

  // Still another product's: systemd's and the journal's forms of the unit, a three-letter prefix, zh without a denial.
  const still: Array<[string, string]> = [
    ['a journal line at the unit position', 'Dec 07 10:00:01 nas systemd[1]: gateway.service: Main process exited, code=exited, status=1/FAILURE'],
    ['journalctl -o cat at a line start', 'gateway.service: Failed with result exit-code.'],
    ["systemctl's argument", '$ sudo systemctl restart gateway.service\nthe gateway still refuses the connection'],
    ['a unit path', 'Loaded: loaded (/etc/systemd/system/gateway.service; enabled; preset: enabled)'],
    ['a three-letter prefix', 'NVR_GATEWAY_PORT=9000 is ignored; the gateway refused the connection'],
    ['a product variable beside a framework one on the same line', 'NEXT_PUBLIC_GATEWAY_URL=wss://a.example RELAYD_GATEWAY_PORT=9000 — the gateway refused the connection'],
    ['zh naming Kong, no denial', 'Kong网关 升级以后 一直返回 502'],
  ];
  it.each(still)('%s: owner other', async (_, text) => {
    expect((await ownerOf(text)).gatewayOwner).toBe('other');
  });
});
