// The behaviour-matrix scenarios (issue #11, Deliver 1). Each entry is declarative: the config as a
// user writes it (JSON5 text), env, extra files, gateway arguments, whether it needs a private
// network namespace, which clients to probe it with. `${PORT}` and `${STATE}` are matrix
// placeholders (the gateway's port, its state dir), replaced before anything is written.
//
// `covers` lists which of issue #11's 11 failures a scenario reproduces:
//  1 container guess vs mode unset / gateway not listening   2 lan + token, no allowedOrigins
//  3 lan + auth none                                          4 password mode, no password
//  5 trusted-proxy probed directly (allowLoopback)            6 TLS (wss, self-signed, fingerprint)
//  7 stale OPENCLAW_GATEWAY_TOKEN beside the config token     8 retired gateway.token / unknown keys
//  9 $include (incl. an included mode: "remote")             10 pairing required (gateway reached) / not running here
// 11 allowedOrigins "*" / [] and LAN origins
import type { ClientSpec, Credential, Scenario } from './types.js';

export const TOKEN = 'matrix-token-7f3a9c1e5b2d4068';
export const PASSWORD = 'matrix-password-3c8e1f0a';
export const STALE = 'matrix-stale-token-00aa11bb';
export const WRONG = 'matrix-wrong-token-99ff88ee';
/** The namespace's LAN address (a veth inside the private namespace; reachable from nowhere else). */
export const LAN_IP = '192.168.77.10';
/** The namespace's tailnet address (tailscale0, only in `tailnet` scenarios). */
export const TAILNET_IP = '100.100.10.1';
const LAN_ORIGIN = `http://${LAN_IP}:\${PORT}`;
const LOCAL_ORIGIN = 'http://127.0.0.1:${PORT}';
const XFF = { 'X-Forwarded-For': '203.0.113.7' };

const tok: Credential = { token: TOKEN };
const pw: Credential = { password: PASSWORD };

/** The three standard clients: the local CLI, the Control UI from the browser origin, a client with a device identity. */
function std(extra: ClientSpec[] = [], o: { host?: string; uiHost?: string; origin?: string } = {}): ClientSpec[] {
  return [
    { id: 'cli', kind: 'cli', description: 'the local openclaw CLI with the credential it would use', ...(o.host ? { host: o.host } : {}) },
    {
      id: 'ui',
      kind: 'control-ui',
      description: 'the Control UI in a browser (Origin = the browser origin), no device identity',
      ...(o.uiHost ? { host: o.uiHost } : {}),
      ...(o.origin ? { origin: o.origin } : {}),
    },
    { id: 'device', kind: 'device', description: 'a client with a fresh Ed25519 device identity', ...(o.uiHost ? { host: o.uiHost } : {}) },
    ...extra,
  ];
}

/** Clients for a LAN bind: the local CLI on loopback, the browser and a device on the LAN address. */
function lanClients(extra: ClientSpec[] = []): ClientSpec[] {
  return [
    { id: 'cli', kind: 'cli', description: 'the local openclaw CLI on 127.0.0.1' },
    { id: 'ui-lan', kind: 'control-ui', description: `the Control UI opened from another machine (${LAN_ORIGIN})`, host: LAN_IP, origin: LAN_ORIGIN },
    { id: 'device-lan', kind: 'device', description: 'a device-identity client connecting over the LAN address (not local)', host: LAN_IP },
    { id: 'ui-local', kind: 'control-ui', description: 'the Control UI on the gateway host (loopback origin)', origin: LOCAL_ORIGIN },
    ...extra,
  ];
}

function proxyClients(): ClientSpec[] {
  return [
    { id: 'cli', kind: 'cli', description: 'the local CLI straight to the gateway (no proxy headers)', credential: null },
    {
      id: 'proxied-cli',
      kind: 'cli',
      description: 'a client through a same-host reverse proxy that sets the user header',
      credential: null,
      headers: { ...XFF, 'X-Forwarded-User': 'alice@example.com', 'X-Forwarded-Proto': 'https' },
    },
    {
      id: 'proxied-ui',
      kind: 'control-ui',
      description: 'the Control UI through the proxy (user header + Origin)',
      credential: null,
      headers: { ...XFF, 'X-Forwarded-User': 'alice@example.com', 'X-Forwarded-Proto': 'https' },
    },
    {
      id: 'proxied-device',
      kind: 'device',
      description: 'a device-identity client through the proxy',
      credential: null,
      headers: { ...XFF, 'X-Forwarded-User': 'alice@example.com', 'X-Forwarded-Proto': 'https' },
    },
  ];
}

function xffClients(): ClientSpec[] {
  return [
    { id: 'cli', kind: 'cli', description: 'the local CLI straight to the gateway' },
    { id: 'proxied-cli', kind: 'cli', description: 'a token client behind a proxy (X-Forwarded-For 203.0.113.7)', headers: XFF },
    { id: 'proxied-device', kind: 'device', description: 'a device client behind a proxy (X-Forwarded-For 203.0.113.7)', headers: XFF },
    {
      id: 'proxied-local-device',
      kind: 'device',
      description: 'a device client behind a proxy forwarding a loopback client (X-Forwarded-For 127.0.0.1)',
      headers: { 'X-Forwarded-For': '127.0.0.1' },
    },
  ];
}

const local = (auth: string, extra = '') => `{
  gateway: {
    mode: "local",
    bind: "loopback",
    auth: ${auth},${extra}
  },
}
`;
const TOKEN_AUTH = `{ mode: "token", token: "${TOKEN}" }`;

/**
 * OpenClaw's managed outbound proxy on a closed loopback port (nothing listens on it inside the cell's namespace:
 * nothing can leave the machine) with a restrictive `proxy.loopbackMode`. Recorded besides the release's own CLI list:
 * `channels status --probe` (a command that starts the managed proxy, then calls the gateway) and `gateway call health`
 * with the variables a proxied process (the gateway) passes to its children — what a command run by the agent inherits.
 */
const PROXY_URL = 'http://127.0.0.1:3128';
function proxyLoopback(mode: 'block' | 'proxy', releases?: string[], enabled = false): Scenario {
  const newer = ['2026.6.11', '2026.8.2', '2026.9.6'];
  return {
    id: `proxy-loopback-${mode}${enabled ? '-enabled' : ''}`,
    description: enabled
      ? `proxy.enabled true, proxy.proxyUrl on a closed loopback port, proxy.loopbackMode "${mode}" (before 2026.8.1 the managed proxy starts only with enabled: true).`
      : `proxy.proxyUrl on a closed loopback port with proxy.loopbackMode "${mode}" (loopbackMode exists from 2026.5.12, the root key proxy from 2026.4.27; older releases meet an unknown root key).`,
    config: `{
  gateway: {
    mode: "local",
    bind: "loopback",
    auth: ${TOKEN_AUTH},
  },
  proxy: { ${enabled ? 'enabled: true, ' : ''}proxyUrl: "${PROXY_URL}", loopbackMode: "${mode}" },
}
`,
    netns: false,
    credential: tok,
    clients: std(),
    cliCommands: true,
    extraCli: [
      { args: ['channels', 'status', '--probe', '--json'], releases: newer },
      {
        args: ['gateway', 'call', 'health', '--json'],
        env: { OPENCLAW_PROXY_ACTIVE: '1', OPENCLAW_PROXY_LOOPBACK_MODE: mode, HTTP_PROXY: PROXY_URL, HTTPS_PROXY: PROXY_URL },
        releases: newer,
      },
    ],
    ...(releases ? { releases } : {}),
  };
}

export const SCENARIOS: Scenario[] = [
  // ------------------------------------------------------------------ baseline and gateway.mode
  {
    id: 'token-loopback',
    description: 'Baseline: mode local, bind loopback, token auth; the CLI has the token.',
    config: local(TOKEN_AUTH),
    netns: false,
    credential: tok,
    clients: std(),
    cliCommands: true,
    ci: true,
  },
  {
    id: 'mode-unset',
    description: 'gateway.mode unset (token auth set): newer releases refuse to start ("Gateway start blocked").',
    covers: [1],
    config: `{
  gateway: {
    auth: ${TOKEN_AUTH},
  },
}
`,
    netns: false,
    credential: tok,
    clients: std(),
    cliCommands: true,
    ci: true,
  },
  {
    id: 'mode-remote',
    description: 'gateway.mode "remote" on the gateway host itself (remote.url points at this port).',
    covers: [9],
    config: `{
  gateway: {
    mode: "remote",
    remote: { url: "ws://127.0.0.1:\${PORT}", token: "${TOKEN}" },
    auth: ${TOKEN_AUTH},
  },
}
`,
    netns: false,
    credential: tok,
    clients: std(),
    cliCommands: true,
  },
  {
    id: 'mode-remote-no-url',
    description: 'gateway.mode "remote" without gateway.remote.url.',
    config: `{
  gateway: {
    mode: "remote",
    auth: ${TOKEN_AUTH},
  },
}
`,
    netns: false,
    credential: tok,
    clients: std(),
  },
  {
    id: 'no-config',
    description: 'No openclaw.json at all (fresh install, `openclaw gateway` before setup). Runs without the off-switches: the namespace has no route out.',
    covers: [1],
    config: null,
    base: false,
    netns: true,
    credential: null,
    clients: std(),
    cliCommands: true,
  },
  {
    id: 'allow-unconfigured',
    description: 'gateway.mode unset but started with --allow-unconfigured.',
    covers: [1],
    config: `{
  gateway: {
    auth: ${TOKEN_AUTH},
  },
}
`,
    args: ['--port', '${PORT}', '--allow-unconfigured'],
    netns: false,
    credential: tok,
    clients: std(),
  },
  {
    id: 'gateway-not-running',
    description: 'A correct config, but no gateway is running (the user never started it / it crashed).',
    covers: [1, 10],
    config: local(TOKEN_AUTH),
    pre: 'no-gateway',
    netns: false,
    credential: tok,
    clients: std(),
    cliCommands: true,
    ci: true,
  },
  {
    id: 'port-from-config',
    description: 'gateway.port in the config and `openclaw gateway` without --port.',
    config: `{
  gateway: {
    mode: "local",
    bind: "loopback",
    port: \${PORT},
    auth: ${TOKEN_AUTH},
  },
}
`,
    args: [],
    netns: false,
    credential: tok,
    clients: std(),
  },
  {
    id: 'port-from-env',
    description: 'OPENCLAW_GATEWAY_PORT in the gateway environment, no --port, no gateway.port.',
    config: local(TOKEN_AUTH),
    env: { OPENCLAW_GATEWAY_PORT: '${PORT}' },
    args: [],
    netns: false,
    credential: tok,
    clients: std(),
  },

  // ------------------------------------------------------------------ auth shapes
  {
    id: 'auth-string',
    description: 'gateway.auth written as a string ("auth": "<token>") instead of an object.',
    config: local(`"${TOKEN}"`),
    netns: false,
    credential: tok,
    clients: std(),
    cliCommands: true,
    ci: true,
  },
  {
    id: 'auth-unset',
    description: 'No gateway.auth at all on loopback.',
    config: `{
  gateway: {
    mode: "local",
    bind: "loopback",
  },
}
`,
    netns: false,
    credential: null,
    clients: std(),
  },
  {
    id: 'token-missing',
    description: 'auth.mode "token" and no token anywhere (config or env).',
    config: local(`{ mode: "token" }`),
    netns: false,
    credential: null,
    clients: std(),
    cliCommands: true,
  },
  {
    id: 'token-from-env',
    description: 'auth.mode "token", the token only in OPENCLAW_GATEWAY_TOKEN (gateway env and the user shell).',
    config: local(`{ mode: "token" }`),
    env: { OPENCLAW_GATEWAY_TOKEN: TOKEN },
    clientEnv: { OPENCLAW_GATEWAY_TOKEN: TOKEN },
    netns: false,
    credential: tok,
    clients: std(),
  },
  {
    id: 'token-env-substitution',
    description: 'token: "${OC_MATRIX_TOKEN}" (config env substitution), variable set for the gateway and the shell.',
    config: local(`{ mode: "token", token: "\${OC_MATRIX_TOKEN}" }`),
    env: { OC_MATRIX_TOKEN: TOKEN },
    clientEnv: { OC_MATRIX_TOKEN: TOKEN },
    netns: false,
    credential: tok,
    clients: std(),
  },
  {
    id: 'token-env-substitution-missing',
    description: 'token: "${OC_MATRIX_TOKEN}" but the variable is not set anywhere.',
    config: local(`{ mode: "token", token: "\${OC_MATRIX_TOKEN}" }`),
    netns: false,
    credential: tok,
    clients: std(),
    cliCommands: true,
  },
  {
    id: 'token-secretref-env',
    description: 'token as a SecretRef { source: "env", provider: "default", id: "OC_MATRIX_TOKEN" }, variable set.',
    config: local(`{ mode: "token", token: { source: "env", provider: "default", id: "OC_MATRIX_TOKEN" } }`),
    env: { OC_MATRIX_TOKEN: TOKEN },
    clientEnv: { OC_MATRIX_TOKEN: TOKEN },
    netns: false,
    credential: tok,
    clients: std(),
  },
  {
    id: 'token-secretref-missing',
    description: 'token as an env SecretRef whose variable is not set.',
    config: local(`{ mode: "token", token: { source: "env", provider: "default", id: "OC_MATRIX_TOKEN" } }`),
    netns: false,
    credential: tok,
    clients: std(),
  },
  {
    id: 'password',
    description: 'auth.mode "password" with a password; also a client that sends it as a token, and one with nothing.',
    covers: [4],
    config: local(`{ mode: "password", password: "${PASSWORD}" }`),
    netns: false,
    credential: pw,
    clients: std([
      { id: 'cli-as-token', kind: 'cli', description: 'the CLI sending the password as --token', credential: { token: PASSWORD } },
      { id: 'cli-none', kind: 'cli', description: 'the CLI with no credential', credential: null },
    ]),
  },
  {
    id: 'auth-mode-ambiguous',
    description: 'gateway.auth holds a token and a password but no mode (2026.3.13+ refuse: "both configured, but gateway.auth.mode is unset").',
    config: local(`{ token: "${TOKEN}", password: "${PASSWORD}" }`),
    netns: false,
    credential: tok,
    clients: [
      { id: 'cli', kind: 'cli', description: 'the local openclaw CLI with the token' },
      { id: 'cli-password', kind: 'cli', description: 'the CLI sending the password', credential: pw },
    ],
  },
  // ------------------------------------------------------------------ managed outbound proxy (proxy.loopbackMode, 2026.5.28+)
  proxyLoopback('block'),
  proxyLoopback('proxy', ['2026.6.11', '2026.8.2', '2026.9.6']),
  // 2026.5.12–7.35 start the managed proxy only with proxy.enabled: true (8.1+: a URL is enough)
  proxyLoopback('block', ['2026.6.11'], true),
  {
    id: 'password-missing',
    description: 'auth.mode "password" and no password anywhere.',
    covers: [4],
    config: local(`{ mode: "password" }`),
    netns: false,
    credential: pw,
    clients: std(),
    cliCommands: true,
    ci: true,
  },
  {
    id: 'password-from-env',
    description: 'auth.mode "password", the password only in OPENCLAW_GATEWAY_PASSWORD.',
    covers: [4],
    config: local(`{ mode: "password" }`),
    env: { OPENCLAW_GATEWAY_PASSWORD: PASSWORD },
    clientEnv: { OPENCLAW_GATEWAY_PASSWORD: PASSWORD },
    netns: false,
    credential: pw,
    clients: std(),
  },
  {
    id: 'auth-none',
    description: 'auth.mode "none" on loopback.',
    config: local(`{ mode: "none" }`),
    netns: false,
    credential: null,
    clients: std(),
    cliCommands: true,
  },
  {
    id: 'auth-none-lan',
    description: 'bind "lan" with auth.mode "none" (gateways refuse to bind a network address without auth).',
    covers: [3],
    config: `{
  gateway: {
    mode: "local",
    bind: "lan",
    auth: { mode: "none" },
  },
}
`,
    netns: true,
    credential: null,
    browserOrigin: LAN_ORIGIN,
    clients: lanClients(),
    cliCommands: true,
  },
  {
    id: 'lan-auth-unset',
    description: 'bind "lan" with no gateway.auth at all.',
    config: `{
  gateway: {
    mode: "local",
    bind: "lan",
  },
}
`,
    netns: true,
    credential: null,
    clients: lanClients(),
  },

  // ------------------------------------------------------------------ trusted-proxy and tailscale
  {
    id: 'trusted-proxy',
    description: 'auth.mode "trusted-proxy" with a user header, trustedProxies ["127.0.0.1"], probed directly and through a same-host proxy.',
    covers: [5],
    config: local(`{ mode: "trusted-proxy", trustedProxy: { userHeader: "x-forwarded-user" } }`, `\n    trustedProxies: ["127.0.0.1"],`),
    netns: false,
    credential: null,
    clients: proxyClients(),
    cliCommands: true,
  },
  {
    id: 'trusted-proxy-allow-loopback',
    description: 'Same, with gateway.auth.trustedProxy.allowLoopback: true (a same-host proxy explicitly allowed).',
    covers: [5],
    config: local(`{ mode: "trusted-proxy", trustedProxy: { userHeader: "x-forwarded-user", allowLoopback: true } }`, `\n    trustedProxies: ["127.0.0.1"],`),
    netns: false,
    credential: null,
    clients: proxyClients(),
    cliCommands: true,
  },
  {
    id: 'trusted-proxy-no-user-header',
    description: 'auth.mode "trusted-proxy" without gateway.auth.trustedProxy (no user header).',
    covers: [5],
    config: local(`{ mode: "trusted-proxy" }`, `\n    trustedProxies: ["127.0.0.1"],`),
    netns: false,
    credential: null,
    clients: proxyClients(),
  },
  {
    id: 'trusted-proxy-no-proxies',
    description: 'auth.mode "trusted-proxy" with a user header but no gateway.trustedProxies.',
    covers: [5],
    config: local(`{ mode: "trusted-proxy", trustedProxy: { userHeader: "x-forwarded-user" } }`),
    netns: false,
    credential: null,
    clients: proxyClients(),
  },
  {
    id: 'trusted-proxy-with-token',
    description: 'auth.mode "trusted-proxy" and a shared token configured too.',
    covers: [5],
    config: local(`{ mode: "trusted-proxy", token: "${TOKEN}", trustedProxy: { userHeader: "x-forwarded-user" } }`, `\n    trustedProxies: ["127.0.0.1"],`),
    netns: false,
    credential: tok,
    clients: proxyClients(),
  },
  {
    id: 'tailscale-serve',
    description: 'tailscale.mode "serve" with token auth + allowTailscale (no tailscale binary on this host).',
    config: local(`{ mode: "token", token: "${TOKEN}", allowTailscale: true }`, `\n    tailscale: { mode: "serve" },`),
    netns: true,
    credential: tok,
    clients: std(),
  },
  {
    id: 'tailscale-funnel-token',
    description: 'tailscale.mode "funnel" with token auth (funnel requires password auth).',
    config: local(TOKEN_AUTH, `\n    tailscale: { mode: "funnel" },`),
    netns: true,
    credential: tok,
    clients: std(),
  },

  // ------------------------------------------------------------------ binds (private network namespace)
  {
    id: 'lan-no-origins',
    description: 'bind "lan" + token, no controlUi.allowedOrigins.',
    covers: [2],
    config: `{
  gateway: {
    mode: "local",
    bind: "lan",
    auth: ${TOKEN_AUTH},
  },
}
`,
    netns: true,
    credential: tok,
    browserOrigin: LAN_ORIGIN,
    clients: lanClients(),
    cliCommands: true,
  },
  {
    id: 'lan-origins-wildcard',
    description: 'bind "lan" + token, allowedOrigins ["*"].',
    covers: [11],
    config: `{
  gateway: {
    mode: "local",
    bind: "lan",
    auth: ${TOKEN_AUTH},
    controlUi: { allowedOrigins: ["*"] },
  },
}
`,
    netns: true,
    credential: tok,
    browserOrigin: LAN_ORIGIN,
    clients: lanClients([{ id: 'ui-foreign', kind: 'control-ui', description: 'the Control UI from a foreign origin', origin: 'http://evil.example.com' }]),
  },
  {
    id: 'lan-origins-empty',
    description: 'bind "lan" + token, allowedOrigins [].',
    covers: [11],
    config: `{
  gateway: {
    mode: "local",
    bind: "lan",
    auth: ${TOKEN_AUTH},
    controlUi: { allowedOrigins: [] },
  },
}
`,
    netns: true,
    credential: tok,
    browserOrigin: LAN_ORIGIN,
    clients: lanClients(),
  },
  {
    id: 'lan-origins-lan',
    description: 'bind "lan" + token, allowedOrigins [the LAN origin].',
    covers: [2, 11],
    config: `{
  gateway: {
    mode: "local",
    bind: "lan",
    auth: ${TOKEN_AUTH},
    controlUi: { allowedOrigins: ["${LAN_ORIGIN}"] },
  },
}
`,
    netns: true,
    credential: tok,
    browserOrigin: LAN_ORIGIN,
    clients: lanClients(),
  },
  {
    id: 'lan-host-header-fallback',
    description: 'bind "lan" + token, no allowedOrigins, controlUi.dangerouslyAllowHostHeaderOriginFallback: true.',
    covers: [2],
    config: `{
  gateway: {
    mode: "local",
    bind: "lan",
    auth: ${TOKEN_AUTH},
    controlUi: { dangerouslyAllowHostHeaderOriginFallback: true },
  },
}
`,
    netns: true,
    credential: tok,
    browserOrigin: LAN_ORIGIN,
    clients: lanClients(),
  },
  {
    id: 'lan-control-ui-disabled',
    description: 'bind "lan" + token, Control UI disabled (controlUi.enabled: false), no allowedOrigins.',
    covers: [2],
    config: `{
  gateway: {
    mode: "local",
    bind: "lan",
    auth: ${TOKEN_AUTH},
    controlUi: { enabled: false },
  },
}
`,
    netns: true,
    credential: tok,
    browserOrigin: LAN_ORIGIN,
    clients: lanClients(),
  },
  {
    id: 'lan-password',
    description: 'bind "lan" + password auth + the LAN origin allowed.',
    config: `{
  gateway: {
    mode: "local",
    bind: "lan",
    auth: { mode: "password", password: "${PASSWORD}" },
    controlUi: { allowedOrigins: ["${LAN_ORIGIN}"] },
  },
}
`,
    netns: true,
    credential: pw,
    browserOrigin: LAN_ORIGIN,
    clients: lanClients(),
  },
  {
    id: 'custom-bind',
    description: 'bind "custom" + customBindHost (the namespace LAN address) + token + LAN origin.',
    config: `{
  gateway: {
    mode: "local",
    bind: "custom",
    customBindHost: "${LAN_IP}",
    auth: ${TOKEN_AUTH},
    controlUi: { allowedOrigins: ["${LAN_ORIGIN}"] },
  },
}
`,
    netns: true,
    credential: tok,
    browserOrigin: LAN_ORIGIN,
    clients: lanClients([{ id: 'cli-lan', kind: 'cli', description: 'the CLI on the LAN address', host: LAN_IP }]),
  },
  {
    id: 'custom-bind-no-host',
    description: 'bind "custom" without customBindHost.',
    config: `{
  gateway: {
    mode: "local",
    bind: "custom",
    auth: ${TOKEN_AUTH},
  },
}
`,
    netns: true,
    credential: tok,
    clients: lanClients(),
  },
  {
    id: 'tailnet-bind',
    description: 'bind "tailnet" (the namespace has a tailscale0 interface with 100.100.10.1; no tailscale binary).',
    config: `{
  gateway: {
    mode: "local",
    bind: "tailnet",
    auth: ${TOKEN_AUTH},
  },
}
`,
    netns: true,
    tailnet: true,
    credential: tok,
    clients: [
      { id: 'cli', kind: 'cli', description: 'the local CLI on 127.0.0.1' },
      { id: 'cli-tailnet', kind: 'cli', description: 'the CLI on the tailnet address', host: TAILNET_IP },
      { id: 'ui-tailnet', kind: 'control-ui', description: 'the Control UI from the tailnet origin', host: TAILNET_IP, origin: `http://${TAILNET_IP}:\${PORT}` },
      { id: 'device-tailnet', kind: 'device', description: 'a device client over the tailnet address', host: TAILNET_IP },
    ],
  },
  {
    id: 'bind-host-alias',
    description: 'bind "0.0.0.0" (an address instead of a bind mode).',
    config: `{
  gateway: {
    mode: "local",
    bind: "0.0.0.0",
    auth: ${TOKEN_AUTH},
  },
}
`,
    netns: true,
    credential: tok,
    clients: lanClients(),
  },
  {
    id: 'bind-auto',
    description: 'bind "auto" + token.',
    config: `{
  gateway: {
    mode: "local",
    bind: "auto",
    auth: ${TOKEN_AUTH},
  },
}
`,
    netns: true,
    credential: tok,
    clients: lanClients(),
  },

  // ------------------------------------------------------------------ origins on loopback
  {
    id: 'foreign-origin',
    description: 'Loopback gateway; the Control UI and a CLI send Origin http://evil.example.com.',
    config: local(TOKEN_AUTH),
    netns: false,
    credential: tok,
    browserOrigin: 'http://evil.example.com',
    clients: std([{ id: 'cli-origin', kind: 'cli', description: 'the CLI client with a foreign Origin header', headers: { Origin: 'http://evil.example.com' } }]),
  },
  {
    id: 'loopback-origins-wildcard',
    description: 'Loopback gateway with allowedOrigins ["*"]; a foreign origin.',
    covers: [11],
    config: local(TOKEN_AUTH, `\n    controlUi: { allowedOrigins: ["*"] },`),
    netns: false,
    credential: tok,
    browserOrigin: 'http://evil.example.com',
    clients: std(),
  },
  {
    id: 'control-ui-disabled',
    description: 'Loopback gateway with controlUi.enabled: false.',
    config: local(TOKEN_AUTH, `\n    controlUi: { enabled: false },`),
    netns: false,
    credential: tok,
    clients: std(),
  },

  // ------------------------------------------------------------------ trustedProxies
  {
    id: 'proxy-headers-untrusted',
    description: 'X-Forwarded-For from 127.0.0.1 with no gateway.trustedProxies.',
    config: local(TOKEN_AUTH),
    netns: false,
    credential: tok,
    clients: xffClients(),
  },
  {
    id: 'trusted-proxies-exact',
    description: 'trustedProxies ["127.0.0.1"] (exact IP); clients behind the proxy.',
    config: local(TOKEN_AUTH, `\n    trustedProxies: ["127.0.0.1"],`),
    netns: false,
    credential: tok,
    clients: xffClients(),
  },
  {
    id: 'trusted-proxies-cidr',
    description: 'trustedProxies ["127.0.0.0/8"] (CIDR; exact match only before 2026.2.17).',
    config: local(TOKEN_AUTH, `\n    trustedProxies: ["127.0.0.0/8"],`),
    netns: false,
    credential: tok,
    clients: xffClients(),
    ci: true,
  },

  // ------------------------------------------------------------------ TLS
  {
    id: 'tls-auto',
    description: 'gateway.tls.enabled with an auto-generated self-signed certificate.',
    covers: [6],
    config: local(TOKEN_AUTH, `\n    tls: { enabled: true },`),
    netns: false,
    tls: true,
    credential: tok,
    browserOrigin: 'https://127.0.0.1:${PORT}',
    clients: [
      { id: 'cli', kind: 'cli', description: 'the CLI with wss:// and default trust (no pin)' },
      { id: 'cli-pinned', kind: 'cli', description: "the CLI with wss:// pinning the gateway's own certificate", pinGatewayCert: true },
      { id: 'cli-ws', kind: 'cli', description: 'the CLI with plain ws:// to the TLS port', scheme: 'ws' },
      { id: 'ui', kind: 'control-ui', description: 'the Control UI over wss:// (pinned), https origin', pinGatewayCert: true },
      { id: 'device', kind: 'device', description: 'a device client over wss:// (pinned)', pinGatewayCert: true },
    ],
    cliCommands: true,
  },
  {
    id: 'tls-given-cert',
    description: 'gateway.tls with a given certificate/key (self-signed, CN gateway.matrix.test).',
    covers: [6],
    config: local(TOKEN_AUTH, `\n    tls: { enabled: true, certPath: "\${STATE}/tls/gateway.crt", keyPath: "\${STATE}/tls/gateway.key" },`),
    tlsFiles: { cert: 'tls/gateway.crt', key: 'tls/gateway.key', cn: 'gateway.matrix.test' },
    netns: false,
    tls: true,
    credential: tok,
    browserOrigin: 'https://127.0.0.1:${PORT}',
    clients: [
      { id: 'cli', kind: 'cli', description: 'the CLI with wss:// and default trust (no pin)' },
      { id: 'cli-pinned', kind: 'cli', description: "the CLI with wss:// pinning the gateway's certificate", pinGatewayCert: true },
      { id: 'cli-ws', kind: 'cli', description: 'the CLI with plain ws:// to the TLS port', scheme: 'ws' },
      { id: 'device', kind: 'device', description: 'a device client over wss:// (pinned)', pinGatewayCert: true },
    ],
  },
  {
    id: 'tls-cert-missing',
    description: 'gateway.tls enabled, autoGenerate false, certPath/keyPath to files that do not exist.',
    covers: [6],
    config: local(TOKEN_AUTH, `\n    tls: { enabled: true, autoGenerate: false, certPath: "\${STATE}/tls/missing.crt", keyPath: "\${STATE}/tls/missing.key" },`),
    netns: false,
    tls: true,
    credential: tok,
    clients: [
      { id: 'cli', kind: 'cli', description: 'the CLI with wss://' },
      { id: 'cli-ws', kind: 'cli', description: 'the CLI with plain ws://', scheme: 'ws' },
    ],
  },

  // ------------------------------------------------------------------ retired and unknown keys, syntax
  {
    id: 'legacy-gateway-token',
    description: 'Retired gateway.token instead of gateway.auth.token.',
    covers: [8],
    config: `{
  gateway: {
    mode: "local",
    bind: "loopback",
    token: "${TOKEN}",
  },
}
`,
    netns: false,
    credential: tok,
    clients: std(),
    cliCommands: true,
    ci: true,
  },
  {
    id: 'legacy-gateway-token-with-auth',
    description: 'Retired gateway.token beside the right gateway.auth.token.',
    covers: [8],
    config: local(TOKEN_AUTH, `\n    token: "${TOKEN}",`),
    netns: false,
    credential: tok,
    clients: std(),
  },
  {
    id: 'dangerously-disable-device-auth',
    description: 'controlUi.dangerouslyDisableDeviceAuth: true; the Control UI without a device, with and without the token.',
    covers: [8],
    config: local(TOKEN_AUTH, `\n    controlUi: { dangerouslyDisableDeviceAuth: true },`),
    netns: false,
    credential: tok,
    clients: std([{ id: 'ui-no-token', kind: 'control-ui', description: 'the Control UI with no token', credential: null }]),
    cliCommands: true,
  },
  {
    id: 'allow-insecure-auth',
    description: 'controlUi.allowInsecureAuth: true; the Control UI without a device.',
    covers: [8],
    config: local(TOKEN_AUTH, `\n    controlUi: { allowInsecureAuth: true },`),
    netns: false,
    credential: tok,
    clients: std([{ id: 'ui-no-token', kind: 'control-ui', description: 'the Control UI with no token', credential: null }]),
  },
  {
    id: 'unknown-gateway-key',
    description: 'An unknown key inside gateway (gateway.bogusKey).',
    covers: [8],
    config: local(TOKEN_AUTH, `\n    bogusKey: true,`),
    netns: false,
    credential: tok,
    clients: std(),
    cliCommands: true,
    ci: true,
  },
  {
    id: 'unknown-root-key',
    description: 'An unknown top-level key (bogusRoot).',
    covers: [8],
    config: `{
  bogusRoot: { enabled: true },
  gateway: {
    mode: "local",
    bind: "loopback",
    auth: ${TOKEN_AUTH},
  },
}
`,
    netns: false,
    credential: tok,
    clients: std(),
  },
  {
    id: 'json5-syntax-error',
    description: 'A config that is not valid JSON5 (missing closing brace).',
    config: `{
  gateway: {
    mode: "local",
    bind: "loopback",
    auth: ${TOKEN_AUTH},
  
`,
    netns: false,
    credential: tok,
    clients: std(),
    cliCommands: true,
  },
  {
    id: 'json5-features',
    description: 'Valid JSON5 as users write it: comments, unquoted keys, single quotes, trailing commas.',
    config: `// my gateway
{
  /* local only */
  gateway: {
    mode: 'local',
    bind: 'loopback', // no LAN
    auth: { mode: 'token', token: '${TOKEN}', },
  },
}
`,
    netns: false,
    credential: tok,
    clients: std(),
  },
  {
    id: 'port-as-string',
    description: 'gateway.port written as a string ("port": "<n>").',
    config: local(TOKEN_AUTH, `\n    port: "\${PORT}",`),
    netns: false,
    credential: tok,
    clients: std(),
  },

  // ------------------------------------------------------------------ $include
  {
    id: 'include-gateway',
    description: 'The gateway section in its own file: gateway: { $include: "./gateway.json5" }.',
    covers: [9],
    config: `{
  gateway: { $include: "./gateway.json5" },
}
`,
    files: {
      'gateway.json5': `{
  mode: "local",
  bind: "loopback",
  auth: ${TOKEN_AUTH},
}
`,
    },
    netns: false,
    credential: tok,
    clients: std(),
  },
  {
    id: 'include-mode-remote',
    description: 'A root $include that sets gateway.mode "remote"; the main file adds auth only.',
    covers: [9],
    config: `{
  $include: "./base.json5",
  gateway: {
    auth: ${TOKEN_AUTH},
  },
}
`,
    files: {
      'base.json5': `{
  gateway: {
    mode: "remote",
    remote: { url: "ws://127.0.0.1:\${PORT}" },
  },
}
`,
    },
    netns: false,
    credential: tok,
    clients: std(),
    cliCommands: true,
  },
  {
    id: 'include-missing-file',
    description: '$include of a file that does not exist.',
    covers: [9],
    config: `{
  $include: "./missing.json5",
  gateway: {
    mode: "local",
    bind: "loopback",
    auth: ${TOKEN_AUTH},
  },
}
`,
    netns: false,
    credential: tok,
    clients: std(),
  },

  // ------------------------------------------------------------------ hooks, port, instances
  {
    id: 'hooks-token-equals-gateway-token',
    description: 'hooks.token equal to the gateway token.',
    config: `{
  gateway: {
    mode: "local",
    bind: "loopback",
    auth: ${TOKEN_AUTH},
  },
  hooks: { enabled: true, token: "${TOKEN}" },
}
`,
    netns: false,
    credential: tok,
    clients: std(),
  },
  {
    id: 'port-taken',
    description: 'Another web app already listens on 127.0.0.1:PORT.',
    config: local(TOKEN_AUTH),
    pre: 'occupy-port',
    netns: false,
    credential: tok,
    clients: std(),
    cliCommands: true,
  },
  {
    id: 'second-instance',
    description: 'A second `openclaw gateway` with the same config/state/port while the first runs.',
    config: local(TOKEN_AUTH),
    pre: 'first-instance',
    netns: false,
    credential: tok,
    clients: std(),
  },

  // ------------------------------------------------------------------ client credentials
  {
    id: 'stale-env-token',
    description: 'Config token right; the user shell has a stale OPENCLAW_GATEWAY_TOKEN (the gateway was started without it).',
    covers: [7],
    config: local(TOKEN_AUTH),
    clientEnv: { OPENCLAW_GATEWAY_TOKEN: STALE },
    netns: false,
    credential: tok,
    clients: [
      { id: 'cli', kind: 'cli', description: 'a CLI that uses the config token (gateway.auth.token)' },
      { id: 'cli-env', kind: 'cli', description: 'a CLI that uses the stale OPENCLAW_GATEWAY_TOKEN', credential: { token: STALE } },
      { id: 'ui', kind: 'control-ui', description: 'the Control UI with the config token' },
      { id: 'device-env', kind: 'device', description: 'a device client with the stale env token', credential: { token: STALE } },
    ],
    cliCommands: true,
    ci: true,
  },
  {
    id: 'gateway-env-token-overrides',
    description: 'The gateway runs with OPENCLAW_GATEWAY_TOKEN (e.g. baked into a service unit) different from gateway.auth.token.',
    covers: [7],
    config: local(TOKEN_AUTH),
    env: { OPENCLAW_GATEWAY_TOKEN: STALE },
    netns: false,
    credential: tok,
    clients: [
      { id: 'cli', kind: 'cli', description: 'a client with the config token' },
      { id: 'cli-env', kind: 'cli', description: "a client with the service's env token", credential: { token: STALE } },
      { id: 'device', kind: 'device', description: 'a device client with the config token' },
    ],
    cliCommands: true,
  },
  {
    id: 'wrong-token',
    description: 'Clients send a wrong token.',
    config: local(TOKEN_AUTH),
    netns: false,
    credential: { token: WRONG },
    clients: std(),
    ci: true,
  },
  {
    id: 'wrong-token-penalty',
    description: 'A client retries a wrong token on loopback (five failures at once), then the doctor probes with its default deadline: OpenClaw from 2026.8.1 holds back the refusal up to 5 s.',
    config: local(TOKEN_AUTH),
    netns: false,
    credential: { token: WRONG },
    clients: [{ id: 'cli', kind: 'cli', description: 'the doctor without --timeout, after five failed logins from loopback', primeFailures: 5, probeDefaults: true }],
    releases: ['2026.6.11', '2026.8.2', '2026.9.6'],
  },
  {
    id: 'no-credential',
    description: 'Clients send no credential to a token gateway.',
    config: local(TOKEN_AUTH),
    netns: false,
    credential: null,
    clients: std(),
    ci: true,
  },
  {
    id: 'protocol-range',
    description: 'Clients offering only protocol 3 or only protocol 4 (old/new CLI against each release).',
    config: local(TOKEN_AUTH),
    netns: false,
    credential: tok,
    clients: [
      { id: 'cli-p3', kind: 'cli', description: 'a CLI speaking protocol 3 only', protocol: { min: 3, max: 3 } },
      { id: 'cli-p4', kind: 'cli', description: 'a CLI speaking protocol 4 only', protocol: { min: 4, max: 4 } },
      { id: 'cli', kind: 'cli', description: 'the probe default 3..4' },
    ],
    ci: true,
  },
  {
    id: 'lan-device-pairing',
    description: 'bind "lan" + token + LAN origin allowed; a device from the LAN gets "pairing required" (the gateway was reached).',
    covers: [10],
    config: `{
  gateway: {
    mode: "local",
    bind: "lan",
    auth: ${TOKEN_AUTH},
    controlUi: { allowedOrigins: ["${LAN_ORIGIN}"] },
  },
}
`,
    netns: true,
    credential: tok,
    browserOrigin: LAN_ORIGIN,
    clients: [
      { id: 'device-lan', kind: 'device', description: 'a new device over the LAN address', host: LAN_IP },
      { id: 'ui-lan', kind: 'control-ui', description: 'the Control UI from the LAN origin, no device identity', host: LAN_IP, origin: LAN_ORIGIN },
      { id: 'device', kind: 'device', description: 'a new device on loopback (auto-approved locally)' },
    ],
  },
];

/** Scenario ids must be unique and file-name safe. */
export function checkScenarios(list: Scenario[] = SCENARIOS): string[] {
  const errs: string[] = [];
  const seen = new Set<string>();
  for (const s of list) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(s.id)) errs.push(`${s.id}: id must be lower-case letters, digits and dashes`);
    if (seen.has(s.id)) errs.push(`${s.id}: duplicate id`);
    seen.add(s.id);
    const ids = new Set<string>();
    for (const c of s.clients ?? []) {
      if (ids.has(c.id)) errs.push(`${s.id}: duplicate client id ${c.id}`);
      ids.add(c.id);
    }
    if (!s.netns && /bind:\s*["'](lan|custom|tailnet|auto|0\.0\.0\.0)["']/.test(s.config ?? '')) errs.push(`${s.id}: a non-loopback bind needs netns: true`);
    if ((s.clients ?? []).some((c) => c.host && c.host !== '127.0.0.1') && !s.netns) errs.push(`${s.id}: a non-loopback client host needs netns: true`);
  }
  return errs;
}
