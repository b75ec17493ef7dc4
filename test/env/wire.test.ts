// Wiring the environment collector into diagnose: --no-env, masking, version hints, paste links.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { linkPasteToEnv, linkProbeToEnv } from '../../src/derive/env-links.js';
import { deriveFacts } from '../../src/derive/index.js';
import { maskedEnv, wireEnv } from '../../src/collectors/env/wire.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import type { EnvFacts, Facts } from '../../src/types.js';
import { Redactor } from '../../src/shared/redact.js';

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/env');

function ctx(extra: Partial<Parameters<typeof wireEnv>[2]> = {}) {
  return {
    env: { PATH: '/home/ana/.npm-global/bin:/usr/bin' } as NodeJS.ProcessEnv,
    homedir: '/home/ana',
    inputs: { env: null as null | Record<string, unknown> },
    notCollected: [] as Array<{ source: string; why: string }>,
    knownSecrets: [] as string[],
    versionInputs: {} as { envVersion?: string },
    collect: { root: path.join(FIX, 'linux-host'), exec: false as const },
    ...extra,
  };
}

describe('wireEnv', () => {
  it('--no-env records why and collects nothing', async () => {
    const facts: Facts = {};
    const c = ctx();
    await wireEnv({ env: false }, facts, c);
    expect(facts.env).toBeUndefined();
    expect(c.notCollected).toEqual([{ source: 'env', why: 'skipped (--no-env)' }]);
    expect(c.inputs.env).toBeNull();
  });

  it('fills facts.env, masks secrets in inputs.env and registers them for redaction', async () => {
    const facts: Facts = { config: { path: '/home/ana/.openclaw/openclaw.json', reason: 'default', found: true, value: { gateway: { auth: { token: 'cfg-token' } } } } };
    const c = ctx();
    await wireEnv({}, facts, c);
    expect(facts.env?.services?.find((s) => s.product === 'openclaw')?.token).toBe('old-token-baked-in-unit');
    expect(deriveFacts(facts).env?.derived?.serviceTokenMismatch).toBe(true);
    const shown = JSON.stringify(c.inputs.env);
    expect(shown).not.toContain('old-token-baked-in-unit');
    expect(shown).not.toContain('pw-from-envfile');
    expect(shown).not.toContain('legacy-token');
    expect(shown).toContain('"token":"***"');
    expect((c.inputs.env as EnvFacts).unknown).toEqual(expect.any(Array));
    expect(c.knownSecrets).toEqual(expect.arrayContaining(['old-token-baked-in-unit', 'pw-from-envfile', 'legacy-token']));
    expect(new Redactor(c.knownSecrets).redact('token is old-token-baked-in-unit')).toBe('token is ***');
    // Nothing pasted: the installed CLI is a version hint.
    expect(c.versionInputs.envVersion).toBe('2026.3.13');
  });

  it('does not offer the local CLI version for a pasted report', async () => {
    const facts: Facts = { paste: await pasteFromString('gateway closed (1006): no close reason') };
    const c = ctx();
    await wireEnv({}, facts, c);
    expect(c.versionInputs.envVersion).toBeUndefined();
    expect(deriveFacts(facts).env?.derived?.pasteMentionsBridge).toBe(false);
  });

  it('never fails the doctor when the collector throws', async () => {
    const facts: Facts = {};
    const c = ctx({ collect: { root: path.join(FIX, 'linux-host'), exec: false, networkInterfaces: () => { throw new Error('boom'); } } });
    await wireEnv({}, facts, c);
    // networkInterfaces failing is caught inside the collector: addresses become unknown.
    expect(facts.env?.unknown).toContain('addresses');
  });

  it('takes the port from a loopback --url', async () => {
    const facts: Facts = {};
    const c = ctx();
    await wireEnv({ url: 'ws://127.0.0.1:19001' }, facts, c);
    expect(facts.env?.gatewayPort).toBe(19001);
    await wireEnv({ url: 'wss://gateway.example.com:443' }, facts, c);
    expect(facts.env?.gatewayPort).toBe(18789);
  });
});

describe('maskedEnv', () => {
  it('replaces exactly the listed secret paths', () => {
    const env: EnvFacts = { services: [{ kind: 'systemd', name: 'a', path: '/a', token: 't1', serviceVersion: '2026.3.2' }], secrets: ['services.0.token', 'services.9.token'] };
    expect(maskedEnv(env)).toEqual({ services: [{ kind: 'systemd', name: 'a', path: '/a', token: '***', serviceVersion: '2026.3.2' }], secrets: ['services.0.token', 'services.9.token'] });
    expect(env.services?.[0]?.token).toBe('t1');
  });
});

describe('linkPasteToEnv', () => {
  const env: EnvFacts = {
    hostname: '4ab2e6ef6ebd',
    addresses: ['127.0.0.1', '172.18.0.2', '::1'],
    defaultGateway: '172.18.0.1',
    networks: [{ iface: 'eth0', cidr: '172.18.0.0/16' }, { iface: 'docker0', cidr: '172.17.0.0/16' }],
    gatewayPort: 18789,
    derived: { bridgeGateway: '172.18.0.1' },
  };
  it('links the bridge address, this host, the port and the hostname', async () => {
    const paste = await pasteFromString('I have no name!@4ab2e6ef6ebd:/app$ openclaw devices list\n[ws] closed before connect remote=172.18.0.1 host=172.18.0.2:18789 code=1008 reason=pairing required');
    expect(linkPasteToEnv(env, paste)).toEqual({
      pasteMentionsThisHost: true,
      pasteMentionsBridge: true,
      pasteBridgeAddress: '172.18.0.1',
      pasteMentionsHostname: true,
      pasteMentionsGatewayPort: true,
    });
  });
  it('an address inside a docker bridge network of this host links too', async () => {
    const paste = await pasteFromString('remote=172.17.0.5 code=1008 reason=pairing required');
    expect(linkPasteToEnv(env, paste)).toMatchObject({ pasteMentionsBridge: true, pasteBridgeAddress: '172.17.0.5' });
  });
  it('a report from another machine links nothing', async () => {
    const paste = await pasteFromString('remote=172.20.0.1 host=10.1.2.3:18790 code=1008 reason=pairing required\nuser@vm:~$');
    expect(linkPasteToEnv({ ...env, hostname: 'vm' }, paste)).toEqual({
      pasteMentionsThisHost: false,
      pasteMentionsBridge: false,
      pasteMentionsHostname: false,
      pasteMentionsGatewayPort: false,
    });
    expect(linkPasteToEnv(env, undefined)).toEqual({});
  });
});

describe('linkProbeToEnv', () => {
  const env = { openclaw: { installs: [], pathBinaries: ['/usr/bin/openclaw'], cliVersion: '2026.5.7' } } as unknown as EnvFacts;
  const probe = (serverVersion: string | undefined, loopback = true) => ({ target: { loopback }, hello: { serverVersion } });

  it('compares the local gateway release with the CLI installed here', () => {
    expect(linkProbeToEnv(env, probe('2026.5.4'))).toEqual({ localGatewayVersion: '2026.5.4', localGatewayCliSkew: true });
    expect(linkProbeToEnv(env, probe('v2026.5.7'))).toEqual({ localGatewayVersion: '2026.5.7', localGatewayCliSkew: false });
  });

  it('says nothing for a remote gateway, a "dev" answer, no hello or no CLI', () => {
    expect(linkProbeToEnv(env, probe('2026.5.4', false))).toEqual({});
    expect(linkProbeToEnv(env, probe('dev'))).toEqual({});
    expect(linkProbeToEnv(env, probe(undefined))).toEqual({});
    expect(linkProbeToEnv({} as EnvFacts, probe('2026.5.4'))).toEqual({});
    expect(linkProbeToEnv(env, undefined)).toEqual({});
  });
});
