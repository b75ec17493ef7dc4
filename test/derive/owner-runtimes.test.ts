// Another agent runtime's own gateway (issue #12 item 7, Round 18f): OpenClaw alternatives and
// re-implementations (ZeroClaw, PicoClaw, NullClaw, NanoClaw, IronClaw, NextClaw, nanobot, Moltis,
// CoPaw, OpenFang, Claw Patrol) ship a gateway, a service unit and a CLI of their own. A paste that
// names one and no OpenClaw marker is theirs (paste.derived.gatewayOwner `other`): paste-only rules
// are held back and the fallback says whose gateway it looks like. A paste that names both (migrating,
// comparing, OpenClaw behind it) stays OpenClaw's. Wrappers that run OpenClaw itself are not listed.
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveOwner } from '../../src/derive/owner.js';
import { deriveFacts } from '../../src/derive/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { answerFallback } from '../../src/engine/fallback/answer.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { buildIndexFromFiles } from '../../src/rules/lexicon.js';
import type { LexiconIndex } from '../../src/engine/fallback/types.js';
import type { Facts, Rule } from '../../src/types.js';

const RUNTIME = "another agent runtime's own gateway (an OpenClaw alternative or re-implementation)";
const ownerOf = async (text: string) => deriveOwner((await pasteFromString(text)).kept);
const factsOf = async (text: string): Promise<Facts> => deriveFacts({ flags: {}, paste: await pasteFromString(text) } as Facts);

// Each runtime named the way its docs name it: CLI, state dir, service unit / launchd label, env prefix.
const THEIRS: Array<[string, string]> = [
  ['zeroclaw daemon --host 0.0.0.0 -p 8585', 'ZeroClaw'],
  ['launchctl print gui/501/com.zeroclaw.daemon: Could not find service', 'ZeroClaw'],
  ['export ZEROCLAW_API_KEY=… before the service starts', 'ZeroClaw'],
  ['picoclaw gateway --port 18790', 'PicoClaw'],
  ['cat ~/.nullclaw/config.json', 'NullClaw'],
  ['systemctl --user status nanoclaw.service', 'NanoClaw'],
  ['IronClaw web gateway on 127.0.0.1:3000 answers 401', 'IronClaw'],
  ['nextclaw start && open http://127.0.0.1:18791', 'NextClaw'],
  ['nanobot gateway', 'nanobot'],
  ['~/Library/LaunchAgents/org.moltis.gateway.plist exited with code 78', 'Moltis'],
  ['copaw app: console on http://127.0.0.1:8088/', 'CoPaw'],
  ['openfang start: API on 127.0.0.1:4200', 'OpenFang'],
  ['$ clawpatrol gateway gateway.hcl', 'Claw Patrol'],
  ['ZeroClaw 网关启动后连接被拒绝', 'ZeroClaw'],
];

describe("another agent runtime's gateway (paste.derived.gatewayOwner)", () => {
  it('is the runtime when its CLI, state dir, service unit or env names it and no OpenClaw marker is present', async () => {
    for (const [text, product] of THEIRS) {
      const o = await ownerOf(`the gateway stopped answering after the update\n${text}`);
      expect(o, text).toMatchObject({ gatewayOwner: 'other', ownerProduct: product, ownerClass: RUNTIME, ownerLine: 2 });
    }
  });

  it('is OpenClaw when the same text also names OpenClaw (migrating, comparing, OpenClaw behind it)', async () => {
    const both = [
      'migrating from ZeroClaw to OpenClaw\nopenclaw gateway status: Runtime: stopped',
      'nullclaw migrate openclaw finished\nnow the dashboard on 18789 says unauthorized',
      'PicoClaw worked on this Pi; the new ~/.openclaw/openclaw.json does not',
      'nanobot gateway runs fine, but clawdbot gateway exits at once',
      'I moved from Moltis; OPENCLAW_GATEWAY_TOKEN is set and the client still gets 1008',
    ];
    for (const text of both) expect((await ownerOf(text)).gatewayOwner, text).toBe('openclaw');
  });

  it('does not list wrappers that run OpenClaw itself, nor take the names inside other words', async () => {
    for (const text of ['QClaw gateway on 28789 refuses', 'ClawX cannot reach its gateway', 'NemoClaw sandbox: gateway not ready', 'nanobots and coppaw are not products', 'moltisan build failed']) {
      expect((await ownerOf(text)).gatewayOwner, text).toBe('unknown');
    }
  });
});

describe("another program's own source code (OpenClaw's gateway is TypeScript)", () => {
  const SOURCE = "another program's own source code (OpenClaw's gateway is TypeScript)";
  it('is another program when the code the text is about is Python, Rust, Go or Zig and nothing names OpenClaw', async () => {
    for (const text of ['fix(gateway): the breaker in gateway/restart_loop_guard.py never trips', 'see `src/gateway/server.rs` line 158', 'python server.py --port 8080', 'cmd/gateway/main.go: listen tcp :8080: bind: address already in use', 'src/gateway.zig panics on start', 'the restart path is in gateway/run.py.']) {
      expect(await ownerOf(text), text).toMatchObject({ gatewayOwner: 'other', ownerClass: SOURCE });
    }
  });

  it('stays OpenClaw with an OpenClaw marker, and takes no domain, dotted word or TypeScript file', async () => {
    expect((await ownerOf('my bot.py connects to the openclaw gateway and gets 1006')).gatewayOwner).toBe('openclaw');
    expect((await ownerOf('examples/client.py\ndisconnected (1008): pairing required')).gatewayOwner).toBe('openclaw');
    for (const text of ['see docs.rs/tokio for details', 'pkg.go.dev lists it', 'src/gateway/server.ts throws', 'the file is server.py.bak', 'e.g. this goes wrong']) {
      expect((await ownerOf(text)).gatewayOwner, text).toBe('unknown');
    }
  });
});

describe("the catalogue on another agent runtime's gateway", () => {
  let rules: Rule[];
  let index: LexiconIndex;
  beforeAll(async () => {
    rules = await loadBuiltinRules();
    index = buildIndexFromFiles(rules);
  });
  // Generic words a built-in paste rule fires on (control: without a product it fires). Node's ECONNREFUSED beside
  // "gateway": a bare "gateway connection refused" with no OpenClaw marker no longer fires at all (Round 30c).
  const GENERIC = 'gateway connect failed: Error: connect ECONNREFUSED 127.0.0.1:8585\ncurl: (7) Failed to connect to 127.0.0.1 port 8585: Connection refused';

  it('holds paste-only findings back on the runtime and keeps them when OpenClaw is named too (twin)', async () => {
    const bare = evaluate(rules, await factsOf(GENERIC)).findings.map((f) => f.ruleId);
    expect(bare).toContain('gateway-down/connection-refused');
    expect(evaluate(rules, await factsOf(`zeroclaw gateway -p 8585\n${GENERIC}`)).findings).toEqual([]);
    const twin = `moving from zeroclaw gateway to openclaw on the same box\n${GENERIC}`;
    expect(evaluate(rules, await factsOf(twin)).findings.map((f) => f.ruleId)).toContain('gateway-down/connection-refused');
  });

  it("says the gateway looks like the runtime's, not OpenClaw's", async () => {
    const facts = await factsOf('nanobot gateway\nafter the update the gateway service does not start and the port seems to be taken by another process');
    const out = evaluate(rules, facts);
    const a = answerFallback(rules, facts, out, index);
    expect(a.candidates).toEqual([]);
    expect(a.undiagnosed?.notGateway[0]).toMatchObject({ owner: 'nanobot', line: 1 });
    expect(a.undiagnosed?.notGateway[0]?.why).toMatch(/the gateway of nanobot \(another agent runtime's own gateway/);
  });
});
