// The collector reads real files safely (size, binary, directories, permissions, symlinks) and
// derives the facts rules need, with positions.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { collectConfig, MAX_CONFIG_BYTES } from '../../src/collectors/config/index.js';
import { deriveFacts } from '../../src/derive/index.js';
import { analyzeConfigText } from '../../src/collectors/config/analyze.js';
import { tokenStrength } from '../../src/derive/auth.js';
import { addressCovered as proxyCovered } from '../../src/shared/net/cidr.js';
import { proxyMatching } from '../../src/derive/proxies.js';
import type { ConfigFacts, Facts } from '../../src/types.js';
import { ROOT } from '../cli/run.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ckd-collect-'));
});

function file(name: string, text: string | Buffer, mode = 0o600): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  chmodSync(p, mode);
  return p;
}

// The collector, then the derive stage over what it recorded (the pipeline's order).
const derived = (config: ConfigFacts): ConfigFacts => deriveFacts({ config, flags: {} }).config!;
const collect = async (p: string, env: Record<string, string> = {}) => derived(await collectConfig({ configPath: p, env, homedir: dir }));
const an = (text: string, env: Record<string, string | undefined> = {}) => derived(analyzeConfigText(text, { path: '/c/openclaw.json', reason: 'test', env, platform: 'linux' }));

describe('reading the file', () => {
  it('records mode, positions of values and keys, and the reason', async () => {
    const p = file('openclaw.json', '// c\n{\n  gateway: {\n    auth: "my-token",\n  },\n}\n', 0o644);
    const f = await collect(p);
    expect(f.found).toBe(true);
    expect(f.reason).toBe(`--config ${p}`);
    expect(f.mode).toBe(0o644);
    expect(f.positions?.['/gateway/auth']).toEqual({ line: 4, column: 11 });
    expect(f.keyPositions?.['/gateway/auth']).toEqual({ line: 4, column: 5 });
    expect(f.derived?.authAt).toBe(`${p}:4:11`);
    expect(f.derived?.configModeLoose).toBe(true);
    expect(f.derived?.secrets).toContain('my-token');
  });

  it('refuses huge files and binary files with a clear error instead of parsing them', async () => {
    const big = file('big.json', Buffer.alloc(MAX_CONFIG_BYTES + 10, 0x20));
    const f1 = await collect(big);
    expect(f1.found).toBe(true);
    expect(f1.parseError?.message).toMatch(/reads at most \d+ bytes/);
    expect(f1.derived?.notConfigFile).toBe(true);
    const bin = file('bin.json', Buffer.from([0x7b, 0x00, 0x01, 0x7d]));
    expect((await collect(bin)).parseError?.message).toMatch(/binary/);
    // A config OpenClaw cannot decode is still a config problem, not a wrong path.
    expect((await collect(bin)).derived?.notConfigFile).toBeUndefined();
    const latin1 = file('l1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
    expect((await collect(latin1)).parseError?.message).toMatch(/UTF-8/);
    mkdirSync(path.join(dir, 'adir'));
    expect((await collect(path.join(dir, 'adir'))).parseError?.message).toMatch(/directory/);
    expect((await collect(path.join(dir, 'adir'))).derived?.notConfigFile).toBe(true);
  });

  it('a process-substitution pipe (/dev/fd/N -> pipe:[…]) is read as the config, not as a broken symlink', () => {
    // bash's <(cat file) names /dev/fd/63, a link to `pipe:[…]` that realpath cannot resolve.
    const p = file('openclaw.json', '{ gateway: { mode: "local", port: "18789" } }');
    // The built collector in a child whose argument is the pipe (vitest cannot be handed one).
    const script = `import('${path.join(ROOT, 'dist/collectors/config/index.js')}').then(async (m) => { const f = await m.collectConfig({ configPath: process.argv[1], env: {}, homedir: '${dir}' }); console.log(JSON.stringify({ found: f.found, readError: f.readError, value: f.value, mode: f.mode })); })`;
    const r = spawnSync('bash', ['-c', `"$0" -e "$1" <(cat "$2")`, process.execPath, script, p], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const f = JSON.parse(r.stdout) as { found: boolean; readError?: string; value?: unknown; mode?: number };
    expect(f.readError).toBeUndefined();
    expect(f.found).toBe(true);
    expect(f.value).toEqual({ gateway: { mode: 'local', port: '18789' } });
    // a pipe's own mode (0600 from bash) is not the config file's
    expect(f.mode).toBeUndefined();
  });

  it('a named pipe with no writer: the read ends at its deadline with the reason, never hangs', async () => {
    const fifo = path.join(dir, 'openclaw.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const f = await collectConfig({ configPath: fifo, env: {}, homedir: dir, pipeDeadlineMs: 200 });
    expect(f.readError).toMatch(/a pipe and its writer did not finish in time \(0 bytes arrived\)/);
    expect(f.derived?.notConfigFile).toBe(true);
  });

  it('a named pipe with a writer is read like a file', async () => {
    const fifo = path.join(dir, 'openclaw.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const writer = spawn('bash', ['-c', 'printf \'{ gateway: { mode: "remote" } }\' > "$0"', fifo]);
    const f = await collectConfig({ configPath: fifo, env: {}, homedir: dir, pipeDeadlineMs: 60_000 });
    writer.kill();
    expect(f.readError).toBeUndefined();
    expect(f.value).toEqual({ gateway: { mode: 'remote' } });
  });

  it('follows a symlinked config and reports its target', async () => {
    const real = file('real.json', '{ gateway: { mode: "local" } }');
    const link = path.join(dir, 'openclaw.json');
    symlinkSync(real, link);
    const f = await collect(link);
    expect(f.path).toBe(link);
    expect(f.realPath).toBe(real);
    expect(f.derived?.configIsSymlink).toBe(true);
    symlinkSync(path.join(dir, 'nowhere.json'), path.join(dir, 'broken.json'));
    const b = await collect(path.join(dir, 'broken.json'));
    expect(b.found).toBe(false);
    expect(b.readError).toMatch(/symlink/);
  });

  it('a syntax error becomes parseError with line, column and a hint', async () => {
    const p = file('bad.json', '{\n  "gateway": {\n    "mode": "local",,\n  }\n}\n');
    const f = await collect(p);
    expect(f.parseError).toMatchObject({ line: 3, column: 21 });
    expect(f.derived?.parseErrorAt).toBe(`${p}:3:21`);
    expect(f.value).toBeUndefined();
  });
});

describe('derived facts', () => {
  it('auth shapes: string token, "none", {type:"none"}, legacy gateway.token', () => {
    expect(an('{gateway:{auth:"abc"}}').derived).toMatchObject({ authIsString: true, authStringToken: true });
    expect(an('{gateway:{auth:"none"}}').derived).toMatchObject({ authStringNone: true, authNoneShape: true, authNoneFixed: { mode: 'none' } });
    expect(an('{gateway:{auth:{type:"none", allowTailscale:true}}}').derived).toMatchObject({ authTypeNone: true, authNoneFixed: { allowTailscale: true, mode: 'none' } });
    expect(an('{gateway:{token:"t"}}').derived).toMatchObject({ legacyGatewayToken: true, legacyTokenTarget: 'absent' });
    expect(an('{gateway:{token:"t", auth:{token:"t"}}}').derived?.legacyTokenTarget).toBe('same');
    expect(an('{gateway:{token:"t", auth:{token:"u"}}}').derived?.legacyTokenTarget).toBe('different');
    expect(an('{gateway:{token:"t", auth:"t"}}').derived?.legacyTokenTarget).toBe('auth-is-string');
  });

  it('trusted proxies: CIDR, /32, IPv6, mapped, invalid', () => {
    const d = an('{gateway:{trustedProxies:["10.0.0.1", "172.17.0.0/16", "10.9.9.9/32", "fd00::/8", "::ffff:10.0.0.0/104", "nginx"]}}').derived!;
    expect(d).toMatchObject({
      trustedProxiesCidrFirst: '172.17.0.0/16',
      trustedProxiesCidrFirstIndex: 1,
      trustedProxiesHostCidrAddress: '10.9.9.9',
      trustedProxiesIpv6CidrFirst: 'fd00::/8',
      trustedProxiesMappedCidrIpv4: '10.0.0.0/8',
      trustedProxiesInvalidFirst: 'nginx',
    });
  });

  it('proxy coverage follows the version: exact strings before 2026.2.13, IPv4 CIDR to 2.21, all CIDR after', () => {
    expect(proxyCovered('172.17.0.5', ['172.17.0.0/16'], 'exact')).toBe(false);
    expect(proxyCovered('172.17.0.5', ['172.17.0.5'], 'exact')).toBe(true);
    expect(proxyCovered('::ffff:172.17.0.5', ['172.17.0.5'], 'exact')).toBe(true);
    expect(proxyCovered('172.17.0.5', ['172.17.0.0/16'], 'ipv4-cidr')).toBe(true);
    expect(proxyCovered('fd00::1', ['fd00::/8'], 'ipv4-cidr')).toBe(false);
    expect(proxyCovered('fd00::1', ['fd00::/8'], 'cidr')).toBe(true);
    expect(proxyCovered('10.0.0.1', ['::ffff:10.0.0.0/104'], 'cidr')).toBe(false);
    // The release's matching comes from knowledge/versions.json.
    expect(['2026.2.12', '2026.2.13', '2026.2.21', '2026.2.22', undefined].map(proxyMatching)).toEqual(['exact', 'ipv4-cidr', 'ipv4-cidr', 'cidr', 'cidr']);
  });

  it('enrichment: the proxy address from a pasted gateway log line, the replacement for a CIDR', async () => {
    const facts: Facts = { config: an('{gateway:{trustedProxies:["10.19.0.0/16"]}}'), version: { value: '2026.2.12', source: 'flag' } };
    const { pasteFromString } = await import('../../src/collectors/paste/read.js');
    facts.paste = await pasteFromString('closed before connect conn=1 remote=10.19.3.4 fwd=203.0.113.7 code=1008 reason=pairing required');
    deriveFacts(facts);
    expect(facts.config!.derived).toMatchObject({ proxyIp: '10.19.3.4', proxyCovered: false, proxyNotCovered: true, trustedProxiesCidrReplacement: '10.19.3.4' });
    // Same config on 2026.2.22: the range covers the proxy.
    facts.version = { value: '2026.2.22', source: 'flag' };
    deriveFacts(facts);
    expect(facts.config!.derived).toMatchObject({ proxyCovered: true });
    expect(facts.config!.derived!.proxyNotCovered).toBeUndefined();
  });

  it('a Docker /16 with no recorded proxy address: no replacement guessed (not x.y.0.1), the step names where to look', async () => {
    const facts: Facts = { config: an('{gateway:{trustedProxies:["172.18.0.0/16"]}}'), version: { value: '2026.2.12', source: 'flag' } };
    deriveFacts(facts);
    expect(facts.config!.derived!.trustedProxiesCidrReplacement).toBeUndefined();
    expect(facts.config!.derived!.trustedProxiesCidrDockerNetwork).toBe(true);
    // With evidence (a pasted `remote=… fwd=…` line) the proxy's own address is proposed.
    const { pasteFromString } = await import('../../src/collectors/paste/read.js');
    facts.paste = await pasteFromString('closed before connect conn=1 remote=172.18.0.7 fwd=203.0.113.7 code=1008 reason=pairing required');
    deriveFacts(facts);
    expect(facts.config!.derived).toMatchObject({ trustedProxiesCidrReplacement: '172.18.0.7', trustedProxiesCidrReplacementSource: 'the proxy address from pasted log line 1' });
    expect(facts.config!.derived!.trustedProxiesCidrDockerNetwork).toBeUndefined();
  });

  it('bind aliases, network binds, origins', () => {
    expect(an('{gateway:{bind:"0.0.0.0"}}').derived).toMatchObject({ bindAlias: 'lan', nonLoopbackBind: true, nonLoopbackControlUiNoOrigins: true });
    expect(an('{gateway:{bind:"localhost"}}').derived).toMatchObject({ bindAlias: 'loopback', nonLoopbackBind: false });
    expect(an('{gateway:{bind:"lan", port: 19000, controlUi:{enabled:false}}}').derived?.nonLoopbackControlUiNoOrigins).toBeUndefined();
    // Loopback origins alone never cure a LAN browser: no suggestion without the browser's origin.
    expect(an('{gateway:{bind:"lan", port: 19000}}').derived?.allowedOriginsSuggested).toBeUndefined();
    expect(an('{gateway:{bind:"lan", port: 19000}}').derived?.allowedOriginsLoopbackSeed).toEqual(['http://localhost:19000', 'http://127.0.0.1:19000']);
    // A list the user wrote is named, never replaced.
    expect(an('{gateway:{bind:"lan", controlUi:{allowedOrigins:[]}}}').derived).toMatchObject({ nonLoopbackControlUiNoOrigins: true, allowedOriginsExisting: '[]' });
    expect(an('{gateway:{bind:"lan", controlUi:{allowedOrigins:"*"}}}').derived?.allowedOriginsLoopbackSeed).toBeUndefined();
  });

  it('remote URL: plaintext ws to a LAN host; remote token vs auth token on the same gateway', () => {
    expect(an('{gateway:{remote:{url:"ws://192.168.1.10:18789"}}}').derived).toMatchObject({ remotePlaintextNonLoopback: true, remotePlaintextPrivate: true });
    expect(an('{gateway:{remote:{url:"ws://127.0.0.1:18789"}}}').derived?.remotePlaintextNonLoopback).toBeUndefined();
    expect(an('{gateway:{auth:{token:"a"}, remote:{token:"b"}}}').derived).toMatchObject({ remoteTokenDiffers: true, remoteTokenDiffersSameGateway: true });
    expect(an('{gateway:{mode:"remote", auth:{token:"a"}, remote:{url:"wss://x.example.com", token:"b"}}}').derived?.remoteTokenDiffersSameGateway).toBeUndefined();
  });

  it('unknown gateway keys with did-you-mean, keys too new for the version', () => {
    const d = an('{gateway:{trustedProxy:["1.2.3.4"], allowedOrigins:["http://a:1"], bogus:1, controlUi:{allowInsecureAuthh:true}}}').derived!;
    const unknown = d.unknownKeys as Array<{ path: string; suggestion?: string }>;
    expect(unknown.map((u) => [u.path, u.suggestion])).toEqual([
      ['gateway.trustedProxy', 'gateway.trustedProxies'],
      ['gateway.allowedOrigins', 'gateway.controlUi.allowedOrigins'],
      ['gateway.bogus', undefined],
      ['gateway.controlUi.allowInsecureAuthh', 'gateway.controlUi.allowInsecureAuth'],
    ]);
    const facts: Facts = { config: an('{gateway:{customBindHost:"10.0.0.2", controlUi:{allowedOrigins:["x"]}}}'), version: { value: '2026.2.1', source: 'flag' } };
    deriveFacts(facts);
    // Document order: the first too-new key is reported, all are listed.
    expect(facts.config!.derived).toMatchObject({ keyTooNewFirst: 'gateway.customBindHost', keyTooNewSince: '2026.2.21' });
    expect(facts.config!.derived!.keyTooNewList).toBe('gateway.customBindHost (2026.2.21+), gateway.controlUi.allowedOrigins (2026.2.2+)');
  });

  it('${VAR} references: unset ones are reported, set/escaped/config-defined ones are not', () => {
    const d = an('{env:{vars:{DEFINED:"x"}}, gateway:{auth:{token:"${MISSING_TOK}"}, remote:{token:"$${ESCAPED}", password:"${DEFINED}"}}}', { OTHER: '1' }).derived!;
    expect(d.unsetEnvRefNames).toBe('MISSING_TOK');
    expect(d.unsetEnvRefPath).toBe('gateway.auth.token');
    expect(an('{gateway:{auth:{token:"${SET_TOK}"}}}', { SET_TOK: 'v' }).derived!.unsetEnvRefFirst).toBeUndefined();
  });

  it('port as a string, token strength, env tokens count as credentials', () => {
    expect(an('{gateway:{port:"18789"}}').derived).toMatchObject({ portIsString: true, portNumeric: 18789 });
    expect(an('{gateway:{port:"abc"}}').derived?.portNumeric).toBeUndefined();
    expect(tokenStrength('my-token').reason).toBe('placeholder');
    expect(tokenStrength('__OPENCLAW_REDACTED__').reason).toBe('redacted-placeholder');
    expect(tokenStrength('undefined').reason).toBe('undefined-literal');
    expect(tokenStrength('abc123').reason).toBe('short');
    expect(tokenStrength('be0c19be318bcba2ad87321f7f9bef9ad810709c878578d9').weak).toBe(false);
    expect(an('{gateway:{bind:"lan"}}', { OPENCLAW_GATEWAY_TOKEN: 'abcdefabcdefabcdef' }).derived).toMatchObject({ nonLoopbackBind: true, hasToken: true, tokenSource: 'env' });
    expect(an('{gateway:{bind:"lan"}}').derived).toMatchObject({ nonLoopbackBind: true, hasToken: false, hasPassword: false });
  });

  it('meta.lastTouchedVersion is exposed, normalised, for the version fact', () => {
    expect(an('{meta:{lastTouchedVersion:"v2026.2.22-1"}}').derived?.lastTouchedVersion).toBe('2026.2.22-1');
  });
});
