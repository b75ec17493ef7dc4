// The doctor, in-process, on the host of one matrix recording: the same collectors and engine as
// `clawkit-doctor --openclaw-version <release>` (src/commands/diagnose.ts), with three inputs
// taken from the record instead of this machine: the filesystem (host.ts), the user's environment,
// and the probe answer. The probe facts are the ones the real probe produced against the real
// gateway (`clients[].probeFacts` of the doctor's own client, placeholders filled); the replay test
// (test/matrix/replay.test.ts) holds that replaying the transcript to the probe gives the same
// answer, so no socket is opened here and 432 cells take seconds.
import { evaluate } from '../../src/engine/evaluate.js';
import { pickVersion, type VersionInputs } from '../../src/facts.js';
import { startEnv, wireEnv } from '../../src/collectors/env/wire.js';
import { wireConfig } from '../../src/collectors/config/wire.js';
import { deriveFacts } from '../../src/derive/index.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import type { Facts, Finding, ProbeFacts, Rule } from '../../src/types.js';
import { resolveTarget } from '../../src/collectors/probe/target.js';
import { buildHost, fillDeep, HOST_HOME, type Host } from './host.js';
import type { Recording, RecordedClient } from './normalise.js';
import { SCENARIOS } from './scenarios.js';

/**
 * The recorded client that is the doctor's own default probe: the local CLI with the credential it
 * would use (`cli`), else the local device client when a scenario has no plain CLI.
 */
export function doctorClient(rec: Recording): RecordedClient | undefined {
  const local = (c: RecordedClient) => !c.options.headers && !/192\.168\.|100\.100\./.test(String(c.options.url ?? ''));
  return rec.clients.find((c) => c.id === 'cli') ?? rec.clients.find((c) => c.kind === 'device' && local(c)) ?? rec.clients[0];
}

/**
 * The recorded client that sent what the doctor's own probe would send on this host: a local,
 * header-less CLI client holding the credential the doctor resolves from the config and the
 * environment (a stale OPENCLAW_GATEWAY_TOKEN wins in the probe, so its `cli-env` twin answers).
 * Falls back to doctorClient.
 */
export function probeClientFor(rec: Recording, secret: string | undefined, pinsOwnCert = false): RecordedClient | undefined {
  const sc = SCENARIOS.find((x) => x.id === rec.scenario);
  const fps = rec.volatile?.tlsFingerprints;
  const servedTls = Array.isArray(fps) && fps.length > 0;
  const spec = sc?.clients?.find((c) => {
    if (c.kind !== 'cli' || c.headers || c.origin || c.protocol || c.scheme || (c.host && c.host !== '127.0.0.1')) return false;
    // gateway.tls on: the probe pins the gateway's own certificate file, which exists on the host of
    // a gateway that served TLS (generated in its state dir or given); the recorded pinned CLI answers.
    if (!!c.pinGatewayCert !== (pinsOwnCert && servedTls)) return false;
    const cred = c.credential === undefined ? sc.credential : c.credential;
    const held = cred ? ('token' in cred ? cred.token : cred.password) : undefined;
    return held === secret;
  });
  return (spec && rec.clients.find((c) => c.id === spec.id)) ?? doctorClient(rec);
}

export interface CellDoctor {
  findings: Finding[];
  facts: Facts;
}

export interface HostVariant {
  /** Text piped to the doctor (default: none). */
  paste?: string;
  /** false: OpenClaw is not installed on this host. */
  openclaw?: boolean;
}

/** `onHost` runs while the rebuilt host still exists (the fix verifier runs the fixer on its config). */
export async function doctorOnHost(rec: Recording, rules: Rule[], variant: HostVariant = {}, onHost?: (d: CellDoctor, host: Host) => Promise<void>): Promise<CellDoctor> {
  const host = buildHost(rec, { openclaw: variant.openclaw });
  try {
    const facts: Facts = { flags: {} };
    if (variant.paste !== undefined) facts.paste = await pasteFromString(variant.paste);
    const versionInputs: VersionInputs = { flag: rec.release };
    const inputs = { config: null, probe: null, env: null } as { config: null | Record<string, unknown>; probe: null | Record<string, unknown>; env: null | Record<string, unknown> };
    const notCollected: Array<{ source: string; why: string }> = [];
    const knownSecrets: string[] = [];
    await wireConfig({}, facts, { env: { ...host.env, HOME: host.home }, homedir: host.home, cwd: host.home, inputs, notCollected, knownSecrets, versionInputs });
    const envCtx = {
      env: { ...host.env, HOME: HOST_HOME },
      homedir: HOST_HOME,
      collect: { root: host.root, exec: false as const, hostname: 'gateway-host', networkInterfaces: hostInterfaces },
    };
    const started = startEnv({}, facts, envCtx);
    await wireEnv({}, facts, { ...envCtx, inputs, notCollected, knownSecrets, versionInputs }, started);
    // Where the doctor's probe aims and which credential it sends come from its own resolution; what
    // the gateway answered comes from the recorded client that sent the same credential.
    const target = resolveTarget({ env: host.env, ...(facts.config?.value ? { config: facts.config.value } : {}) });
    const client = probeClientFor(rec, target.credential?.secret, !!target.ownCertPath);
    if (client) {
      const probe = fillDeep(client.probeFacts, host.home) as unknown as ProbeFacts & Record<string, unknown>;
      probe.targetSource = target.targetSource;
      probe.credentialKind = target.credential?.kind ?? 'none';
      if (target.credentialSource) probe.credentialSource = target.credentialSource;
      else delete probe.credentialSource;
      if (target.shadowed) probe.credentialShadowed = target.shadowed;
      facts.probe = probe;
      const sv = probe.hello?.serverVersion;
      if (sv && sv !== 'dev') versionInputs.probeVersion = sv;
    }
    const version = pickVersion(facts, versionInputs);
    if (version) facts.version = version;
    deriveFacts(facts);
    const out = { findings: evaluate(rules, facts).findings, facts };
    await onHost?.(out, host);
    return out;
  } finally {
    host.dispose();
  }
}

/** A container's interfaces: loopback and the bridge address. */
function hostInterfaces(): ReturnType<typeof import('node:os').networkInterfaces> {
  return {
    lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
    eth0: [{ address: '172.17.0.2', netmask: '255.255.0.0', family: 'IPv4', mac: '02:42:ac:11:00:02', internal: false, cidr: '172.17.0.2/16' }],
  };
}
