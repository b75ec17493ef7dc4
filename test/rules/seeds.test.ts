// Every fix the seed guides describe (../shared/seeds: device identity vs pairing vs secure context,
// devices approve, Docker NAT, node hosts, sub-agents, Windows Docker paths, channel vs device pairing,
// SSH tunnels, reverse-proxy upgrades, allowInsecureAuth, dangerouslyDisableDeviceAuth, auth shape,
// trustedProxies) is a rule: the error text the seed shows produces that rule, and the rule's fix
// carries the seed's remedy. Config-only fixes are rules with positive cases (run by catalogue.test.ts).
// The table in notes/rules.md ("Seed items → rules") lists the same mapping.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Facts, Rule } from '../../src/types.js';
import { ROOT } from '../cli/run.js';

let rules: Rule[];
beforeAll(async () => {
  rules = await loadBuiltinRules();
});

async function ruleIds(text: string, version?: string): Promise<string[]> {
  const facts: Facts = { flags: {}, paste: await pasteFromString(text) };
  if (version) facts.version = { value: version, source: 'flag' };
  return evaluate(rules, facts).findings.map((f) => f.ruleId);
}

function fixText(id: string): string {
  const rule = rules.find((r) => r.id === id);
  expect(rule, `rule ${id}`).toBeDefined();
  return JSON.stringify(rule!.fix);
}

describe('seed fixes pasted as the seeds show their errors', () => {
  it.each([
    // [seed fix, pasted error, rule that must fire, remedy its fix must carry]
    ['device identity needs a secure context', 'disconnected (1008): device identity required', 'secure-context/browser-device-identity-required', /localhost|https/i],
    ['secure context variant', 'disconnected (1008): control ui requires https or localhost (secure context)', 'secure-context/control-ui-insecure-context', /localhost|https/i],
    ['pairing required → devices list/approve', 'disconnected (1008): pairing required', 'pairing/control-ui-new-browser', /openclaw devices approve/],
    ['expired request (5-minute TTL)', 'Error: unknown requestId: 3f9a', 'pairing/request-unknown-or-expired', /openclaw devices list/],
    ['Docker NAT: approve inside the container', 'docker compose logs openclaw-gateway\n[gateway] pairing required for device from 172.18.0.3 (remote=172.18.0.3)\ngateway closed (1008): pairing required', 'docker-nat/pairing-behind-docker-nat', /devices approve/],
    ['node host pairing', 'node host gateway closed (1008): pairing required', 'pairing/node-host-pairing-required', /openclaw devices approve|openclaw node/],
    ['node host device identity', 'gateway closed (1008): device identity required\nclient=node-host', 'device-identity/node-host-device-identity', /openclaw node/],
    ['sub-agent pairing', 'Subagent announce failed: Error: gateway closed (1008): pairing required', 'pairing/sub-agent-pairing-required', /devices approve|inheritParentDevice/],
    ['channel pairing is not device pairing', 'channel access: pairing required — send /pair to the bot, then openclaw pairing approve telegram ABCD1234', 'pairing/channel-dm-pairing', /pairing approve/],
    ['SSH tunnel local port busy', 'bind [127.0.0.1]:18789: Address already in use\nchannel_setup_port_forwarding_request: cannot listen to port: 18789\nCould not request local forwarding.', 'port-bind/ssh-tunnel-local-port-busy', /ssh/i],
    ['token URL for the Control UI', 'disconnected (4008): connect failed', 'token-auth/control-ui-connect-failed-4008', /token/i],
    ['reverse proxy must forward the WebSocket upgrade', 'Error during WebSocket handshake: Unexpected response code: 400', 'trusted-proxy/websocket-upgrade-not-proxied', /Upgrade/],
    ['allowInsecureAuth no longer bypasses (2026.2.21+)', '"controlUi": { "allowInsecureAuth": true }\ndisconnected (1008): control ui requires device identity (use HTTPS or localhost secure context)', 'secure-context/allow-insecure-auth-no-longer-bypasses', /localhost|https/i],
    ['Windows Docker path mismatch', 'Windows 11 + Docker Desktop: token is in C:\\Users\\Me\\.openclaw\\openclaw.json but the container reads /root/.openclaw/openclaw.json and says pairing required', 'docker-nat/windows-docker-path-mismatch', /\.openclaw/],
  ])('%s', async (_seed, text, ruleId, remedy) => {
    expect(await ruleIds(text)).toContain(ruleId);
    expect(fixText(ruleId)).toMatch(remedy);
  });
});

describe('seed fixes that are config shapes', () => {
  it.each([
    'auth-config-shape/auth-is-string',
    'auth-config-shape/auth-mode-invalid',
    'auth-config-shape/token-not-configured-on-gateway',
    'version-bug/ddda-requires-valid-token',
    'secure-context/device-auth-bypass-retired',
    'trusted-proxy/cidr-entry-on-exact-match-version',
    'trusted-proxy/cidr-entry-version-unknown',
    'trusted-proxy/proxy-attribution-required',
    'trusted-proxy/untrusted-proxy-headers',
    'docker-nat/nested-state-dir-in-container',
  ])('%s is a rule with positive cases', (id) => {
    expect(rules.some((r) => r.id === id)).toBe(true);
    const file = join(ROOT, 'rules', `${id}.cases.json`);
    expect(existsSync(file)).toBe(true);
    const cases = JSON.parse(readFileSync(file, 'utf8')) as { positive: unknown[] };
    expect(cases.positive.length).toBeGreaterThan(0);
  });
});
