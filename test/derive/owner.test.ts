import { describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveOwner } from '../../src/derive/owner.js';
import { deriveFacts } from '../../src/derive/index.js';
import { gatewayOwners } from '../../src/shared/gateway-owners.js';
import type { Facts } from '../../src/types.js';
import { readFileSync } from 'node:fs';
import { ownerMarkersFromAtlas } from '../../scripts/atlas/owner-markers.mjs';
import { ROOT } from '../cli/run.js';

// The prefilter sweep over corpus and atlas texts is in owner.sweep.test.ts.
const ownerOf = async (text: string) => deriveOwner((await pasteFromString(text)).kept);

const PLATFORM = "another platform's own gateway or server (IoT, serverless, self-hosted apps, voice assistants)";
const RUNTIME = "another agent runtime's own gateway (an OpenClaw alternative or re-implementation)";
const SOURCE = "another program's own source code (OpenClaw's gateway is TypeScript)";

describe('whose gateway (paste.derived.gatewayOwner)', () => {
  it('is another product when its gateway is named and no OpenClaw marker is present, one row per class', async () => {
    const rows: Array<[string, string, string]> = [
      ['openshell gateway start --name dev\nError: the gateway did not become ready', 'OpenShell', 'a sandbox control plane'],
      ['Kong gateway: connect() failed (111: Connection refused) while connecting to upstream', 'Kong', 'an API gateway'],
      ['POST https://abc123defg.execute-api.us-east-1.amazonaws.com/prod -> 401', 'AWS API Gateway', 'an API gateway'],
      ['litellm --config proxy.yaml\n504 Gateway Timeout', 'LiteLLM', 'an AI/LLM gateway or proxy'],
      ['docker mcp gateway run\nlisten tcp :8811: bind: address already in use', 'Docker MCP Gateway', 'an MCP/tool gateway'],
      ['connecting to wss://gateway.discord.gg/?v=10\nclosed 1006', 'Discord', "a chat platform's gateway"],
      ['the router admin page says incorrect gateway password', 'a router', 'a home or cellular router'],
      ['our payment gateway answers 504', 'a payment processor', 'a payment gateway'],
      ['hermes dashboard --port 9119\nWebSocket closed 4403', 'Hermes Agent', "another agent's own gateway, dashboard or pairing"],
      // prec5: Hermes' own updater and its launchd label.
      ['hermes update printed Update complete and exited 0, but the gateway never came back', 'Hermes Agent', "another agent's own gateway, dashboard or pairing"],
      ['launchctl print gui/501/ai.hermes.gateway: Could not find service', 'Hermes Agent', "another agent's own gateway, dashboard or pairing"],
      ['the Toolport gateway stopped answering', 'Toolport', 'an MCP/tool gateway'],
      // Round 19b: the admin credentials printed on the device itself, with a slash.
      ['I typed the gateway admin/password from the sticker', 'a router', 'a home or cellular router'],
      ['login refused with the password off the back of the modem', 'a router', 'a home or cellular router'],
      // Round 30e: other platforms' own gateways and servers, other agent runtimes, a Python program's sqlite3 error.
      ['helium_gateway[812]: WARN gateway error: tcp connect error: Connection refused', 'Helium gateway-rs', PLATFORM],
      ['kubectl -n openfaas logs deploy/gateway: Readiness probe failed: connect: connection refused', 'OpenFaaS', PLATFORM],
      ['gitea-0 1/2 Running; Readiness probe failed: dial tcp 10.0.0.7:3000: connect: connection refused', 'Gitea', PLATFORM],
      ['fedimint gateway UI: Status: 401 Unauthorized', 'Fedimint', PLATFORM],
      ['ovos-installer: Failed to connect to bus: No such file or directory', 'OpenVoiceOS', PLATFORM],
      ['DeerFlow: Gateway failed to start on port 8001 after 30s', 'DeerFlow', RUNTIME],
      ['Kiro Crew — gateway failed to start (exit code 1)', 'Kiro Crew', RUNTIME],
      ['Kaiden: Gateway process exited before becoming ready', 'Kaiden', RUNTIME],
      ['sqlite3.OperationalError: database is locked while the gateway writes', 'the Python program whose sqlite3 exception the text quotes', SOURCE],
      // Round 35b: Memoh (a Go agent platform, memohai/Memoh) and a Rust sqlx migration error (OpenClaw has no sqlx).
      ['Project: Memoh, dev docker environment; gateway ws write start: connection reset by peer', 'Memoh', RUNTIME],
      ['Gateway process exited before becoming ready: Error: migration 7 was previously applied but is missing in the resolved migrations', 'the Rust program whose sqlx migration error the text quotes', SOURCE],
      ['gateway start failed: migration 12 was previously applied but has been modified', 'the Rust program whose sqlx migration error the text quotes', SOURCE],
      // Round 35m: a boxed error report wraps the sentence with a border mark.
      ['Error: × migration error: migration 4 was previously applied but │ has been modified', 'the Rust program whose sqlx migration error the text quotes', SOURCE],
    ];
    for (const [text, product, cls] of rows) {
      const o = await ownerOf(`some context line\n${text}`);
      expect(o, text).toMatchObject({ gatewayOwner: 'other', ownerProduct: product, ownerClass: cls, ownerLine: 2 });
      expect(o.ownerText).toBe(text.split('\n')[0]);
    }
  });

  it('is OpenClaw as soon as one line carries an OpenClaw marker, even beside another product', async () => {
    const rows: Array<[string, string]> = [
      ['Kong gateway in front\ncurl: (7) Failed to connect to 127.0.0.1 port 18789: Connection refused', 'default gateway ports'],
      ['litellm on :4000\ndisconnected (1008): pairing required', 'close reasons'],
      ['openshell status: Running\n$ openclaw dashboard', 'CLI and package names'],
      ['discord.js shard 0\nerror: AUTH_TOKEN_MISMATCH', 'handshake error codes'],
      ['openshell gateway info\nexport OPENCLAW_GATEWAY_TOKEN=…', 'state dir and environment'],
      ['router admin\nset gateway.bind to lan', 'config keys'],
      ['[discord] gateway/channels/discord: connect failed', 'log subsystems'],
      ['clawdbot gateway --port 18790', 'CLI and package names'],
      ['hermes update finished\n$ openclaw gateway status', 'CLI and package names'],
      // Round 30e: OpenClaw run beside another platform is OpenClaw's.
      ['gitea and openfaas on the same host\nError: connect ECONNREFUSED 127.0.0.1:18789', 'default gateway ports'],
      ['sqlite3.OperationalError in my own script\nopenclaw gateway status: RPC probe: failed', 'CLI and package names'],
      // Round 35b: a comparison or a migration from Memoh, or an sqlx error of a wrapper, beside OpenClaw's own marker.
      ['moved from Memoh to openclaw, now the dashboard says disconnected', 'CLI and package names'],
      ['openshell: migration 7 was previously applied but is missing in the resolved migrations\ndisconnected (1008): pairing required', 'close reasons'],
      // review27f: the CLI client's own close and status lines are OpenClaw's, beside a product word.
      ['a gitea mcp call hung, then gateway closed (1006 abnormal closure (no close frame)): no close reason', "the CLI client's own close"],
      ['deerflow pushes results to my agent and fails\nabnormal closure (no close frame)', "the CLI client's own close"],
      ['sqlite3.OperationalError: database is locked in a skill\nGateway not reachable; showing config-only status.', "the CLI client's own close"],
      ['ovos voice skill -> gateway closed (4008): connect failed', "the CLI client's own close"],
    ];
    for (const [text, why] of rows) {
      const o = await ownerOf(text);
      expect(o.gatewayOwner, text).toBe('openclaw');
      expect(o.ownerWhy, text).toContain(why);
    }
  });

  it('is unknown when nothing names a product (generic words keep today\'s behaviour)', async () => {
    // A Hermes *model* (Nous Research) named in prose is not Hermes Agent's CLI (review of prec5).
    for (const text of ['the gateway refuses: ECONNREFUSED', 'nginx reverse proxy returns 502 Bad Gateway', 'WebSocket closed 1006', '', 'Since I switched to the hermes model on ollama the dashboard shows disconnected (1006)', 'I set the hermes config to use the new tools']) {
      expect((await ownerOf(text)).gatewayOwner, text).toBe('unknown');
    }
  });

  it('counts an AI/LLM gateway (an upstream OpenClaw itself calls) only on a line that is its own', async () => {
    // Its own: its CLI/host, or a line naming it that fails in its own right.
    const theirs: Array<[string, string]> = [
      ['POST https://gateway.ai.cloudflare.com/v1/acct/gw/openai/chat/completions', 'Cloudflare AI Gateway'],
      ['the Cloudflare AI Gateway answers 429: rate limit exceeded', 'Cloudflare AI Gateway'],
      ['Portkey returned an error: invalid provider key', 'Portkey'],
      ['litellm.exceptions.APIConnectionError: connection to the model timed out', 'LiteLLM'],
    ];
    for (const [text, product] of theirs) expect(await ownerOf(text), text).toMatchObject({ gatewayOwner: 'other', ownerProduct: product });
    // A mention beside the failure, or on a line whose failure is a gateway client's WebSocket close.
    const notTheirs = [
      'we run our models through the Cloudflare AI Gateway\nthe dashboard keeps asking for a token',
      'set up with Cloudflare AI Gateway, the browser still gets disconnected (1008): invalid token',
      'litellm is our model router; the app shows WebSocket closed (code 1006) after login',
      'portkey for models, and the UI says close code 4008 connect failed',
    ];
    for (const text of notTheirs) expect((await ownerOf(text)).gatewayOwner, text).toBe('unknown');
    // Other classes are not upstreams: a plain mention still decides.
    expect((await ownerOf('we deploy behind Kong gateway\nthe page is blank'))).toMatchObject({ gatewayOwner: 'other', ownerProduct: 'Kong' });
  });

  it('does not take product words inside other words', async () => {
    expect((await ownerOf('the kongregate gateway timed out')).gatewayOwner).toBe('unknown');
    expect((await ownerOf('openclawai.io says it cannot reach the gateway')).gatewayOwner).toBe('unknown');
    expect((await ownerOf('memohub sync says the gateway is unreachable')).gatewayOwner).toBe('unknown');
    // A migration word without sqlx's sentence is nobody's.
    expect((await ownerOf('after the migration the gateway was previously applied to port 3000 and now refuses')).gatewayOwner).toBe('unknown');
    // Round 35m (review32b o07): sqlx's prefix with another ending is not sqlx's sentence.
    expect((await ownerOf('Gateway failed to start: Error: agent database schema 19 is newer than this build; migration 19 was previously applied but the code is older')).gatewayOwner).toBe('unknown');
    // OpenClaw runs OpenCode as an agent and a provider: only OpenCode's own server words name its server.
    expect((await ownerOf('acp agent opencode started\nthe gateway timed out')).gatewayOwner).toBe('unknown');
  });

  it('runs in the derive stage beside the port comparison', async () => {
    const paste = await pasteFromString('Kong gateway in front\n[gateway] listening on ws://127.0.0.1:48789 (PID 1)\nGateway target: ws://127.0.0.1:18789');
    const facts = deriveFacts({ paste } as Facts);
    expect(facts.paste?.derived).toMatchObject({ gatewayOwner: 'openclaw', ownerLine: 3, targetPortDiffers: true });
    const other = deriveFacts({ paste: await pasteFromString('Kong gateway: upstream refused') } as Facts);
    expect(other.paste?.derived).toEqual(expect.objectContaining({ gatewayOwner: 'other', ownerProduct: 'Kong' }));
  });

  it('reads every marker from knowledge/gateway-owners.json, each bounded and case-insensitive (or an upper-case shape)', () => {
    const o = gatewayOwners();
    expect(o.openclaw.length).toBeGreaterThanOrEqual(7);
    expect(new Set(o.others.map((p) => p.class)).size).toBeGreaterThanOrEqual(8);
    for (const m of [...o.openclaw, ...o.others]) {
      // `caseSensitive` is for a shape spelled in capitals (FOO_GATEWAY_PORT): no lower-case letter outside an escape.
      if (!m.re.flags.includes('i')) expect(m.re.source.replace(/\\[a-z]/g, ''), m.re.source).not.toMatch(/[a-z]/);
      else expect(m.re.flags).toContain('i');
      expect(m.re.source, m.re.source).not.toMatch(/(?<!\\)[*+]|\{\d+,\}/);
    }
  });

  it('never takes a line OpenClaw itself prints (knowledge/atlas) for another product, and the file is current', () => {
    const atlas = JSON.parse(readFileSync(`${ROOT}/knowledge/atlas/atlas.json`, 'utf8')) as { messages: Array<{ text: string; kind: string }> };
    const owners = JSON.parse(readFileSync(`${ROOT}/knowledge/gateway-owners.json`, 'utf8'));
    expect(ownerMarkersFromAtlas(owners, atlas), 'run node scripts/atlas/owner-markers.mjs').toEqual(owners.openclaw);
    const wrong = atlas.messages.filter((m) => m.kind !== 'text' && deriveOwner([{ line: 1, text: m.text }]).gatewayOwner === 'other');
    expect(wrong.map((m) => m.text)).toEqual([]);
  });
  it("is read from the report's lines, not from the rows of an appended troubleshooting table (lead, Round 29z)", async () => {
    // An `| Error | Fix |` row naming `openclaw devices approve` is the table's, held as a guide's rows: it does not make
    // another product's report OpenClaw's (text-labels.sweep: a gateway-down rule reading gatewayOwner took a report's top-1).
    const table = ['', '## Troubleshooting', '| Error | Fix |', '|---|---|', '| disconnected (1008): pairing required | run openclaw devices approve <requestId> |'].join('\n');
    const report = 'Kong gateway: connect() failed (111: Connection refused) while connecting to upstream';
    const facts = deriveFacts({ paste: await pasteFromString(`${report}\n${table}`) } as Facts);
    expect(facts.paste!.derived!.heldRows?.length).toBeGreaterThan(0);
    expect(facts.paste!.derived!.gatewayOwner).toBe('other');
    // The same row as the report's own line (no table around it) still names OpenClaw.
    const own = deriveFacts({ paste: await pasteFromString(`${report}\nI ran openclaw devices approve abc and it still says pairing required`) } as Facts);
    expect(own.paste!.derived!.gatewayOwner).toBe('openclaw');
  });
});
