// Lexicon `names` (notes/fallback.md Round 35a): "gateway" names OpenClaw's gateway, but not inside another
// thing's name — an HTTP status text ("502 Bad Gateway", "504 Gateway Timeout"), an API/NAT/payment gateway.
// Each stand-down is shown twice: with the shipped names no lexical candidate, with the bare `\bgateway` of
// before some (so the phrase, not another hold, removes them). Reports that name OpenClaw keep their answer.
// Other languages' names are data; the fr/es generic gateway words are not names (review32a).
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { namesOpenClaw } from '../../src/engine/fallback/recognise.js';
import type { LexiconIndex } from '../../src/engine/fallback/types.js';
import { answerIds, index, lexicalIds, loadAnswerRules } from './answer.helpers.js';

beforeAll(loadAnswerRules);

/** The names as before this round: the bare word gateway, wherever it stands. */
const bareGateway = (): LexiconIndex => ({ ...index, names: (index.names ?? []).map((s) => s.replace(/\(\?<!\\b\(\?:bad\|[^)]*\)\[ -\]\)\\bgateway\(\?!\[ -\]time-\?out\(\?! after\)\)/, '\\bgateway')) });

const answer = answerIds;
const lexical = lexicalIds;
const names = async (text: string, idx: LexiconIndex = index) => namesOpenClaw((await pasteFromString(text)).kept, idx);

describe('"gateway" inside another thing\'s name does not name OpenClaw', () => {
  it('the test helper really restores the bare word (else every pair below proves nothing)', async () => {
    expect(bareGateway().names).not.toEqual(index.names);
    expect(await names('502 Bad Gateway', bareGateway())).toBe(true);
    expect(await names('502 Bad Gateway')).toBe(false);
  });

  // Other programs' reports, written fresh: each shares the ranker's words and says "gateway" only as part of a name.
  const others: Array<[string, string]> = [
    ['a shop behind nginx answering 502 Bad Gateway', 'Our shop behind nginx answers 502 Bad Gateway since the deploy: the upstream refuses the websocket connection, the reverse proxy closes it right after the handshake and the page shows disconnected.'],
    ['a browser behind a VPN gateway', 'Behind the VPN gateway the browser connection closes right after the handshake: the reverse proxy does not pass the websocket upgrade headers and the page shows disconnected.'],
    ['a cloud socket dropped by a NAT gateway', 'Users see abrupt websocket disconnections (code=1006) after 10 minutes idle: NAT gateways and firewalls drop idle connections, so the client needs a heartbeat to keep the socket alive and reconnect.'],
  ];
  it.each(others)('%s: no lexical candidate (some with the bare word)', async (_, text) => {
    expect(lexical((await answer(text)).ids)).toEqual([]);
    expect(lexical((await answer(text, bareGateway())).ids).length).toBeGreaterThan(0);
  });

  // Near misses that name OpenClaw's gateway: each keeps the bare-word answer.
  const named: Array<[string, string]> = [
    ['only "the gateway" and its port', 'The gateway on port 18789 keeps closing the websocket right after the handshake behind my nginx reverse proxy; the upgrade headers are not passed and the page shows disconnected.'],
    ['a 502 from nginx in front of the gateway', 'nginx answers 502 Bad Gateway: the gateway behind it refuses the websocket connection and the reverse proxy closes it right after the handshake.'],
    ['"Control" and "UI" split by a wrapped line', 'Behind nginx the reverse proxy does not pass the websocket upgrade headers, so the browser connection to the Control\nUI closes right after the handshake and the page shows disconnected.'],
    ['"Open" and "Claw" split by a wrapped line ("claw" alone names it: a near miss of the answer, not of carrying)', 'Behind nginx the reverse proxy does not pass the websocket upgrade headers, so the browser connection to Open\nClaw closes right after the handshake and the page shows disconnected.'],
  ];
  it.each(named)('%s: the bare-word answer, with a lexical candidate', async (_, text) => {
    const got = (await answer(text)).ids;
    expect(lexical(got).length).toBeGreaterThan(0);
    expect(got).toEqual((await answer(text, bareGateway())).ids);
  });

  // (AWS API, Kong and payment gateways need no help: the owner note already says whose gateway they are. An
  // "IoT gateway dashboard" still names it — "dashboard" is a name, as bare as "gateway".)
  it("OpenClaw's own \"gateway timeout after 10000ms\" still names it", async () => {
    expect(await names('cron failed: Error: gateway timeout after 10000ms')).toBe(true);
    expect(await names('upstream answered 504 Gateway Timeout')).toBe(false);
  });

  // Names are read per line, each after the last word of the line before it (recognise.ts `namesOpenClaw`).
  it('a wrapped line: "Control" / "UI" names it, "502 Bad" / "Gateway" does not', async () => {
    expect(await names('the page at the Control\nUI shows disconnected')).toBe(true);
    expect(await names('the page at the Control\n\nUI shows disconnected')).toBe(false);
    expect(await names('the client sees 502 Bad\nGateway and the websocket closes')).toBe(false);
    expect(await names('the client sees 502 Bad\nGateway and the gateway itself refuses')).toBe(true);
    expect(await names('the client sees 502\nGateway refused the websocket')).toBe(true);
    // The carried word was judged on its own line: "502 Bad Gateway" / "error …" names nothing.
    expect(await names('unexpected status 502 Bad Gateway\nerror sending request for url')).toBe(false);
  });

  it('a name-less OpenClaw report in Chinese gets no guess from words, but what was recognised and the commands to run next', async () => {
    const { ids, fb } = await answer('升级以后无法启动，报错78，连接被拒绝');
    expect(lexical(ids)).toEqual([]);
    expect(fb.undiagnosed?.next.length).toBeGreaterThan(0);
  });
});

describe('names in other languages are lexicon data', () => {
  // The French and Spanish generic words for a gateway (passerelle, pasarela, puerta de enlace) and the device identity
  // are not names: other products' reports use them (review32a: a Zigbee gateway got pairing-required, an SMS gateway
  // a token mismatch, a home-automation box and ipconfig's default gateway an origin guess). Each names nothing, and
  // the whole answer stays empty.
  it.each([
    ['fr', 'Ma passerelle Zigbee (Home Assistant, ZHA) refuse la nouvelle ampoule : appairage requis, puis la connexion est refusée.'],
    ['es', 'Mi pasarela Zigbee de Home Assistant no acepta el sensor nuevo: se requiere emparejamiento y luego la conexión se cierra.'],
    ['fr', "Intune : l'identité de l'appareil n'est pas reconnue, appairage requis pour accéder au portail d'entreprise."],
    ['fr', 'Notre passerelle SMS sur le port 8443 refuse la connexion : le jeton ne correspond pas après la rotation des clés.'],
    ['fr', 'Ma passerelle domotique sur http://192.168.1.20:8123 refuse la connexion websocket depuis la mise à jour, la page affiche déconnecté.'],
    ['es', 'Adaptador de LAN inalámbrica Wi-Fi:\n   Puerta de enlace predeterminada . . . . . : 192.168.1.1\nNo puedo abrir http://192.168.1.1:8080, connection refused, el navegador dice ERR_CONNECTION_REFUSED.'],
  ])('%s: another product\'s gateway report: %s — no name, no answer', async (_, text) => {
    expect(await names(text)).toBe(false);
    expect((await answer(text)).ids).toEqual([]);
  });
  // A pairing word alone is not a name in these languages (Bluetooth devices pair too): "pairing required"
  // is common wording (`exactNeedsName`) and must not name itself — answer.test.ts holds the Bluetooth cases.
  it.each([
    ['fr', 'La passerelle de paiement refuse la connexion'],
    ['es', 'La pasarela de pago rechaza la conexión'],
    ['es', 'El altavoz dice que se requiere emparejamiento'],
    ['de', 'Die Kopfhörer sagen Kopplung erforderlich'],
    ['ja', 'イヤホンでペアリングが必要と出る'],
    ['ko', '키보드가 페어링이 필요하다고 합니다'],
  ])('%s: %s names nothing', async (_, text) => {
    expect(await names(text)).toBe(false);
  });
});
