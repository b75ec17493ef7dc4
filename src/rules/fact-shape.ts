// The facts a rule may read, as data that `rules validate` walks. The shape is checked against the
// TypeScript fact types by the compiler: `Shape<T>` requires every key of T and rejects any other,
// and an enum node must list every value of its union, so adding, renaming or removing a fact or an
// enum value fails the build until this file says the same. Closed vocabularies come from
// src/shared/facts/enums.ts (the same arrays the types are derived from).
// Over ~300 lines on purpose: one job, the single table of every fact a rule may read (split, it would be two halves of one shape the compiler checks whole).
import type { ConfigFacts, EnvFacts, Facts, PasteFacts, ServiceFact, VersionFact } from '../types.js';
import type { ProbeFactsExt } from '../collectors/probe/index.js';
import type { StructuredFacts } from '../collectors/paste/structured/types.js';
import type { DerivedConfigFacts } from '../derive/index.js';
import { HOST_KINDS, PROBE_OUTCOMES, PROBE_STAGES } from '../shared/facts/enums.js';

/** A scalar: no path below it. */
export const LEAF = 'leaf';
/** Free-form (the user's config document, `env.derived`, flags): any path below it is allowed. */
export const OPEN = 'open';
/**
 * A string that is a config KEY: a key, a key path (`gateway.bind`, a JSON pointer without its slash), or a
 * text made only of key paths, schema constants and the doctor's own words (the schema issue list) — never a
 * config value. Keys are public (the evidence shows every object's keys, the fix diff its keys), so the
 * report's redaction keeps a word secret ("bind") in such a fact's evidence and in the template slot it
 * fills, and masks it in every value (hostile-input 2bq).
 */
export const KEY = 'key';

export type ShapeNode = typeof LEAF | typeof OPEN | typeof KEY | { $enum: Record<string, true> } | { $each: ShapeNode } | { [key: string]: ShapeNode };

type KnownKeys<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
type Node<V> = unknown extends V
  ? typeof OPEN
  : [V] extends [string]
    ? string extends V
      ? typeof LEAF | typeof KEY
      : { $enum: Record<V, true> }
    : [V] extends [number | boolean]
      ? typeof LEAF
      : [V] extends [readonly (infer E)[]]
        ? { $each: Node<E> }
        : [V] extends [object]
          ? string extends keyof V
            ? keyof KnownKeys<V> extends never
              ? typeof OPEN
              : Shape<KnownKeys<V>>
            : Shape<V>
          : typeof LEAF;
type Shape<T> = { [K in keyof T]-?: Node<NonNullable<T[K]>> };

/** The facts as the collectors really produce them (the probe's full fact type). */
// `unread` is for the report (inputs.unexamined), not for rules.
type CollectedFacts = Omit<Facts, 'probe' | 'unread'> & { probe?: ProbeFactsExt };

function values<V extends string>(list: readonly V[]): { $enum: Record<V, true> } {
  return { $enum: Object.fromEntries(list.map((v) => [v, true])) as Record<V, true> };
}
function oneOf<V extends string>(map: Record<V, true>): { $enum: Record<V, true> } {
  return { $enum: map };
}

const hostKind = values(HOST_KINDS);
const stage = values(PROBE_STAGES);
const line = { line: LEAF, text: LEAF } as const;

const structured: Shape<StructuredFacts> = {
  documents: { $each: { kind: oneOf({ 'doctor-lint': true, 'gateway-status': true, health: true, status: true, 'logs-json': true, 'devices-list': true }), form: oneOf({ json: true, text: true }), line: LEAF } },
  checks: { $each: { checkId: LEAF, severity: LEAF, message: LEAF, path: LEAF, line: LEAF } },
  gatewayStatus: {
    form: oneOf({ json: true, text: true }),
    line: LEAF,
    rpcOk: LEAF,
    failureKind: LEAF,
    failureDetailCode: LEAF,
    rpcError: LEAF,
    probeUrl: LEAF,
    portStatus: LEAF,
    portHints: { $each: LEAF },
    listenerCommands: { $each: LEAF },
    serviceLoaded: LEAF,
    serviceLabel: LEAF,
    serviceDiagnosticOnly: LEAF,
    statusCli: LEAF,
    otherProduct: LEAF,
    runtimeStatus: LEAF,
    inspectionReason: LEAF,
    startLimitHit: LEAF,
    missingGuiSession: LEAF,
    lastExitStatus: LEAF,
    extraServices: LEAF,
    configValid: LEAF,
  },
  health: { line: LEAF, ok: LEAF, errorType: LEAF, errorKind: LEAF, errorMessage: LEAF, url: LEAF },
  overview: { line: LEAF, gateway: LEAF, gatewayReachable: LEAF, gatewayService: LEAF },
  devices: {
    form: oneOf({ json: true, text: true }),
    line: LEAF,
    pending: LEAF,
    paired: LEAF,
    requests: { $each: { requestId: LEAF, device: LEAF, kind: oneOf({ 'new-pairing': true, 'role-upgrade': true, 'scope-upgrade': true, 're-approval': true, unknown: true }), repair: LEAF, roles: { $each: LEAF }, scopes: { $each: LEAF } } },
    newPairing: LEAF,
    upgrades: LEAF,
    repairs: LEAF,
    latestRequestId: LEAF,
  },
  partial: { readBytes: LEAF, totalBytes: LEAF },
};

const paste: Shape<PasteFacts> = {
  source: oneOf({ stdin: true, file: true }),
  file: LEAF,
  bytes: LEAF,
  lines: LEAF,
  kept: { $each: line },
  sampled: LEAF,
  cutLines: { count: LEAF, first: { $each: LEAF }, limitBytes: LEAF },
  unkept: { count: LEAF, after: LEAF, before: LEAF, max: LEAF, limit: oneOf({ lines: true, bytes: true }), maxBytes: LEAF },
  binary: LEAF,
  closes: { $each: { code: LEAF, reason: LEAF, line: LEAF } },
  codes: { $each: { code: LEAF, line: LEAF } },
  requestIds: { $each: { id: LEAF, line: LEAF } },
  versions: { $each: { version: LEAF, raw: LEAF, line: LEAF, ref: LEAF, from: LEAF } },
  urls: { $each: { url: LEAF, scheme: LEAF, host: LEAF, port: LEAF, line: LEAF, hostKind, secureContext: LEAF } },
  hosts: { $each: { host: LEAF, kind: hostKind, line: LEAF } },
  ports: { $each: { port: LEAF, line: LEAF } },
  containerHints: { $each: { hint: LEAF, line: LEAF } },
  endpoints: { $each: { role: oneOf({ client: true, gateway: true }), port: LEAF, host: LEAF, how: LEAF, line: LEAF } },
  derived: {
    targetPortDiffers: LEAF, line: LEAF, targetPort: LEAF, targetHow: LEAF,
    gatewayPort: LEAF, gatewayPorts: LEAF, gatewayHow: LEAF, gatewayLine: LEAF, tailscaleServeReclaimed: LEAF, tailscaleServeReclaimedLine: LEAF,
    nodeOnlyHost: { line: LEAF, by: oneOf({ status: true, prose: true }) },
    gatewayOwner: oneOf({ openclaw: true, other: true, unknown: true }), ownerLine: LEAF, ownerWhy: LEAF, ownerProduct: LEAF,
    ownerClass: LEAF, ownerText: LEAF, textKind: oneOf({ guide: true }), textKindLine: LEAF, textKindBy: oneOf({ mark: true, shape: true }),
    textAddress: oneOf({ reader: true, asking: true }), textAddressLine: LEAF,
    heldRows: { $each: LEAF },
    guideSections: { $each: { line: LEAF, rows: { $each: LEAF } } },
    speaker: oneOf({ reporting: true, describing: true, proposing: true, tracking: true }), speakerLines: { $each: LEAF },
    story: {
      actor: { $each: { is: oneOf({ agent: true, updater: true, panel: true, paas: true, user: true, watchdog: true }), line: LEAF, last: LEAF } },
      action: { $each: { is: oneOf({ restart: true, stop: true, update: true, install: true, redeploy: true, 'config-edit': true, pair: true }), line: LEAF, last: LEAF } },
      supervisor: { $each: { is: oneOf({ systemd: true, launchd: true, schtasks: true, docker: true, k8s: true, pm2: true }), line: LEAF, last: LEAF } },
      gatewayState: { $each: { is: oneOf({ down: true, 'restarting-loop': true, unreachable: true, 'not-installed': true, 'other-port': true, killed: true, held: true, 'config-refused': true }), line: LEAF, last: LEAF } },
      after: { $each: { is: oneOf({ update: true, 'config-change': true, reboot: true, sleep: true, redeploy: true }), line: LEAF, last: LEAF } },
      resolved: { line: LEAF, at: LEAF, end: LEAF, what: LEAF },
      denied: { $each: { line: LEAF, at: LEAF, end: LEAF } },
      quotedSpans: { $each: { line: LEAF, at: LEAF, end: LEAF } },
      quoted: { $each: LEAF },
    },
  },
  structured,
};

// `config.derived`: one line per derive topic (src/derive/), so a typo in a rule's path fails validation.
const derived: Shape<DerivedConfigFacts> = {
  // file
  lastTouchedVersion: LEAF, lastTouchedAt: LEAF, secrets: { $each: LEAF }, unsetEnvRefFirst: LEAF, unsetEnvRefNames: LEAF, unsetEnvRefPath: KEY,
  unsetEnvRefAt: LEAF, configMode: LEAF, configModeLoose: LEAF, stateDirMode: LEAF, stateDirModeLoose: LEAF, agentsGateway: LEAF,
  agentsGatewayMovable: LEAF, agentsGatewayAt: LEAF, rootGatewayKey: KEY, rootGatewayKeyMovable: LEAF, rootGatewayKeyAt: LEAF,
  // network
  modeUnset: LEAF, gatewayMode: OPEN, modeRemoteNoUrl: LEAF, modeUnsetWithRemoteUrl: LEAF, modeAt: LEAF, portAt: LEAF, portIsString: LEAF,
  portNumeric: LEAF, portOutOfRange: LEAF, portWrongType: LEAF, effectivePort: LEAF, bind: OPEN, bindAt: LEAF, bindAlias: LEAF,
  bindIsAddress: LEAF, bindAddressIpv4: LEAF, bindInvalid: LEAF, bindCustomNoHost: LEAF, effectiveBind: LEAF, nonLoopbackBind: LEAF,
  remoteUrl: LEAF, remoteUrlAt: LEAF, remoteUrlInvalid: LEAF, remoteUrlHost: LEAF, remoteUrlPort: LEAF, remoteUrlLoopback: LEAF, remotePlaintextNonLoopback: LEAF,
  remotePlaintextPrivate: LEAF, remoteTokenAt: LEAF, remoteTokenDiffers: LEAF, remoteTokenDiffersSameGateway: LEAF,
  // auth
  authAt: LEAF, authIsString: LEAF, authStringNone: LEAF, authStringModeName: LEAF, authStringToken: LEAF, authTypeNone: LEAF,
  authTypeAsMode: LEAF, hasToken: LEAF, hasPassword: LEAF, tokenIsSecretRef: LEAF, tokenSource: oneOf({ config: true, env: true, none: true }),
  authMode: LEAF, hooksTokenEqualsGatewayToken: LEAF, authModeAmbiguous: LEAF, authNoneShape: LEAF, authNoneFixed: OPEN, tokenLength: LEAF, tokenWeak: LEAF,
  tokenWeakReason: oneOf({ placeholder: true, 'redacted-placeholder': true, 'undefined-literal': true, short: true, 'low-variety': true }),
  tokenWeakSource: LEAF, authTokenAt: LEAF, legacyGatewayToken: LEAF, legacyTokenAt: LEAF,
  legacyTokenTarget: oneOf({ 'auth-is-string': true, 'auth-invalid': true, absent: true, same: true, different: true }),
  trustedProxyWithToken: oneOf({ config: true, env: true }), trustedProxyConfigMissing: LEAF, trustedProxyUserHeaderMissing: LEAF,
  // proxies
  trustedProxiesAt: LEAF, trustedProxyNoProxies: LEAF, trustedProxiesLoopback: LEAF, trustedProxyAllowLoopback: LEAF, trustedProxiesCidrFirst: LEAF,
  trustedProxiesCidrFirstIndex: LEAF, trustedProxiesCidrAt: LEAF, trustedProxiesIpv6CidrFirst: LEAF, trustedProxiesIpv6CidrAt: LEAF,
  trustedProxiesHostCidrFirst: LEAF, trustedProxiesHostCidrFirstIndex: LEAF, trustedProxiesHostCidrAddress: LEAF, trustedProxiesMappedCidrFirst: LEAF,
  trustedProxiesMappedCidrFirstIndex: LEAF, trustedProxiesMappedCidrIpv4: LEAF, trustedProxiesInvalidFirst: LEAF, trustedProxiesInvalidAt: LEAF,
  // control UI
  nonLoopbackControlUiNoOrigins: LEAF, allowedOriginsExisting: LEAF, allowedOriginsLoopbackSeed: { $each: LEAF }, allowInsecureAuth: LEAF,
  allowInsecureAuthAt: LEAF, dangerouslyDisableDeviceAuth: LEAF, dangerouslyDisableDeviceAuthAt: LEAF,
  // services
  tailscaleMode: oneOf({ serve: true, funnel: true }), managedProxyUrlFrom: oneOf({ config: true, env: true }),
  // keys
  unknownKeys: { $each: { path: KEY, pointer: KEY, key: KEY, suggestion: KEY, suggestionPointer: KEY, suggestionTaken: LEAF } },
  unknownKeyCount: LEAF, unknownKeyList: KEY, unknownKeyAt: LEAF, unknownKeyRenamable: KEY, unknownKeySuggestion: KEY,
  unknownKeyRenamableRel: KEY, unknownKeySuggestionRel: KEY, unknownKeyRenamableAt: LEAF, unknownKeyUnrenamable: KEY,
  // cross-source
  schemaIssueList: KEY, schemaBasisNote: LEAF, schemaCertain: LEAF, proxyIp: LEAF, proxyIpSource: LEAF, proxyCovered: LEAF, proxyNotCovered: LEAF,
  trustedProxiesCidrReplacement: LEAF, trustedProxiesCidrReplacementSource: LEAF, trustedProxiesCidrDockerNetwork: LEAF, keyTooNewFirst: KEY, keyTooNewSince: LEAF, keyTooNewList: KEY,
  remoteUrlIsThisHost: LEAF, browserOrigin: LEAF, allowedOriginsSuggested: { $each: LEAF },
  // recorded by the collector
  missing: LEAF, candidates: { $each: LEAF }, brokenSymlink: LEAF, unreadable: LEAF, parseErrorAt: LEAF, parseErrorHint: LEAF, notConfigFile: LEAF, stoppedReading: LEAF,
  configIsSymlink: LEAF, positionsUnavailable: LEAF, includeFiles: { $each: LEAF }, includeError: LEAF, includedKeys: OPEN, tlsFilesMissing: LEAF,
};

const config: Shape<ConfigFacts> = {
  path: LEAF,
  reason: LEAF,
  found: LEAF,
  parseError: { message: LEAF, line: LEAF, column: LEAF, hint: LEAF, excerpt: LEAF, kind: oneOf({ syntax: true, 'not-object': true, 'too-deep': true }) },
  value: OPEN,
  positions: OPEN,
  keyPositions: OPEN,
  realPath: LEAF,
  readError: LEAF,
  derived,
  mode: LEAF,
  stateDir: LEAF,
  stateDirMode: LEAF,
  platform: LEAF,
  processEnv: { gateway: OPEN, defined: { $each: LEAF } },
};

const probe: Shape<ProbeFactsExt> = {
  url: LEAF,
  targetSource: LEAF,
  credentialSource: LEAF,
  reached: values([...PROBE_STAGES, 'none'] as const),
  failedStage: stage,
  outcome: values(PROBE_OUTCOMES),
  stages: { $each: { stage, ok: LEAF, ms: LEAF, detail: LEAF, error: LEAF } },
  http: { status: LEAF, readyz: LEAF, healthz: LEAF, body: LEAF, kind: oneOf({ 'openclaw-json': true, html: true, other: true, none: true }), ready: LEAF, live: LEAF, failing: { $each: LEAF }, controlUiHtml: LEAF, error: LEAF },
  upgrade: { status: LEAF, body: LEAF, errorType: LEAF },
  error: {
    code: LEAF,
    message: LEAF,
    detailsCode: LEAF,
    reason: LEAF,
    authReason: LEAF,
    requestId: LEAF,
    recommendedNextStep: LEAF,
    canRetryWithDeviceToken: LEAF,
    remediationHint: LEAF,
    expectedProtocol: LEAF,
    minimumProbeProtocol: LEAF,
    retryAfterMs: LEAF,
    retryable: LEAF,
  },
  close: { code: LEAF, reason: LEAF },
  hello: { protocol: LEAF, serverVersion: LEAF, authMethod: LEAF, scopes: { $each: LEAF } },
  tls: { error: LEAF, authorized: LEAF, fingerprint: LEAF, subject: LEAF, issuer: LEAF, validTo: LEAF, pinned: LEAF, pinMatch: LEAF, code: LEAF },
  timings: { totalMs: LEAF },
  target: {
    scheme: oneOf({ ws: true, wss: true }),
    host: LEAF,
    port: LEAF,
    path: LEAF,
    hostKind,
    loopback: LEAF,
    mode: LEAF,
    configPort: LEAF,
    envPort: LEAF,
    portMismatch: LEAF,
    expectedPort: LEAF,
    expectedPortSource: LEAF,
    plaintextNonLoopback: LEAF,
  },
  credentialKind: oneOf({ token: true, password: true, none: true }),
  credentialNote: LEAF,
  credentialShadowed: { $each: LEAF },
  client: { id: LEAF, mode: LEAF, minProtocol: LEAF, maxProtocol: LEAF, origin: LEAF, originSecureContext: LEAF, headerNames: { $each: LEAF }, forwardedHeaders: LEAF, device: LEAF },
  dns: { addresses: { $each: LEAF }, kinds: { $each: hostKind }, used: LEAF },
  challenge: { nonce: LEAF, capabilities: { $each: LEAF } },
  device: { id: LEAF, outcome: values(PROBE_OUTCOMES), deviceTokenIssued: LEAF },
  skipped: LEAF,
  received: { frames: LEAF, bytes: LEAF },
  connectWait: { reason: oneOf({ 'loopback-failure-delay': true }), basis: oneOf({ version: true, 'loopback-unknown-version': true }), version: LEAF, penaltyCapMs: LEAF, budgetMs: LEAF, extendedMs: LEAF },
};

const service: Shape<ServiceFact> = {
  kind: oneOf({ systemd: true, launchd: true, schtasks: true }),
  name: LEAF,
  path: LEAF,
  token: LEAF,
  password: LEAF,
  serviceVersion: LEAF,
  port: LEAF,
  profile: LEAF,
  stateDir: LEAF,
  configPath: LEAF,
  execStart: LEAF,
  product: oneOf({ openclaw: true, clawdbot: true, moltbot: true }),
  scope: oneOf({ user: true, system: true }),
  sources: { $each: LEAF },
  problems: { $each: LEAF },
};

const env: Shape<KnownKeys<EnvFacts>> = {
  os: LEAF,
  platform: LEAF,
  hostname: LEAF,
  node: LEAF,
  container: { kind: oneOf({ docker: true, podman: true, kubernetes: true, none: true, unknown: true }), evidence: LEAF },
  wsl: LEAF,
  defaultGateway: LEAF,
  defaultInterface: LEAF,
  addresses: { $each: LEAF },
  networks: { $each: { iface: LEAF, cidr: LEAF } },
  bridges: { $each: { iface: LEAF, address: LEAF, cidr: LEAF } },
  openclaw: {
    installed: LEAF,
    cliVersion: LEAF,
    cliPath: LEAF,
    activeRoot: LEAF,
    buildCommit: LEAF,
    installs: { $each: { root: LEAF, version: LEAF, commit: LEAF, builtAt: LEAF, via: LEAF } },
    pathBinaries: { $each: LEAF },
    versionCommand: { ran: LEAF, ms: LEAF, output: LEAF, version: LEAF, error: LEAF },
  },
  configVersions: { lastTouchedVersion: LEAF, lastRunVersion: LEAF, lastRunCommand: LEAF },
  services: { $each: service },
  gatewayPort: LEAF,
  listeners: { $each: { port: LEAF, address: LEAF, family: oneOf({ IPv4: true, IPv6: true }), inode: LEAF, pid: LEAF, command: LEAF } },
  ownersNotLookedUp: LEAF,
  legacy: { $each: LEAF },
  secrets: { $each: LEAF },
  derived: OPEN,
  timings: OPEN,
  unknown: { $each: LEAF },
};

const version: Shape<VersionFact> = {
  value: LEAF,
  source: oneOf({ flag: true, paste: true, config: true, probe: true, env: true }),
  raw: LEAF,
};

export const FACT_SHAPE: Shape<CollectedFacts> = { paste, config, probe, env, version, flags: OPEN };

