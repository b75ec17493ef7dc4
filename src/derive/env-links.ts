// Links between the pasted text and this machine. The doctor is often run on a different machine
// from the one that produced the paste, so an environment fact only counts as evidence for a
// pasted problem when the paste itself points at this machine (its addresses, its bridge, its
// gateway port). Pure: (env, paste) -> flat booleans under env.derived, in the derive stage.
import type { EnvFacts, PasteFacts } from '../types.js';
import { addressCovered } from '../shared/net/cidr.js';
import { normalizeVersion } from '../shared/version/calver.js';

export interface PasteLinks {
  /** The paste names a non-loopback address of this machine (interfaces). */
  pasteMentionsThisHost?: boolean;
  /** The paste names this machine's container bridge / default gateway address. */
  pasteMentionsBridge?: boolean;
  /** The bridge address itself, when mentioned. */
  pasteBridgeAddress?: string;
  /** The paste names this machine's gateway port. */
  pasteMentionsGatewayPort?: boolean;
  /** The paste names this machine's hostname (a shell prompt, a log prefix). */
  pasteMentionsHostname?: boolean;
}

// Hostnames too common to identify a machine.
const GENERIC_HOSTNAMES = /^(localhost|ubuntu|debian|raspberrypi|fedora|archlinux|kali|server|host|vm|node|gateway|openclaw|openclaw-gateway|docker-desktop|container|workstation|desktop|laptop|macbook(-pro|-air)?|mac-mini|home|router)$/i;

function mentionsHostname(hostname: string | undefined, paste: PasteFacts): boolean {
  if (!hostname || hostname.length < 5 || GENERIC_HOSTNAMES.test(hostname)) return false;
  const esc = hostname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?<![\\w.-])${esc}(?![\\w-])`, 'i');
  return paste.kept.some((l) => re.test(l.text));
}

export function linkPasteToEnv(env: EnvFacts, paste: PasteFacts | undefined): PasteLinks {
  if (!paste) return {};
  const links: PasteLinks = {};
  const hosts = new Set<string>([...paste.hosts.map((h) => h.host), ...paste.urls.map((u) => u.host)].map((h) => h.toLowerCase().replace(/^::ffff:/, '')));
  const own = (env.addresses ?? []).filter((a) => !/^(127\.|::1$|fe80:)/i.test(a)).map((a) => a.toLowerCase());
  links.pasteMentionsThisHost = own.some((a) => hosts.has(a));
  const bridge = typeof env.derived?.bridgeGateway === 'string' ? env.derived.bridgeGateway : undefined;
  const bridgeCandidates = [bridge, ...(env.bridges ?? []).map((b) => b.address)].filter((x): x is string => !!x);
  const hit = bridgeCandidates.find((b) => hosts.has(b));
  links.pasteMentionsBridge = Boolean(hit);
  if (hit) links.pasteBridgeAddress = hit;
  // Any pasted address inside a bridge network of this machine (172.17.0.0/16 on docker0).
  if (!hit) {
    for (const n of [...(env.networks ?? []).filter((x) => /^(docker|br-|podman|cni)/.test(x.iface)).map((x) => x.cidr), ...(env.bridges ?? []).map((b) => b.cidr).filter((c): c is string => !!c)]) {
      const inNet = [...hosts].find((h) => addressCovered(h, [n.replace(/\.\d+\/(\d+)$/, '.0/$1')]));
      if (inNet) {
        links.pasteMentionsBridge = true;
        links.pasteBridgeAddress = inNet;
        break;
      }
    }
  }
  links.pasteMentionsHostname = mentionsHostname(env.hostname, paste);
  if (typeof env.gatewayPort === 'number') links.pasteMentionsGatewayPort = paste.ports.some((p) => p.port === env.gatewayPort);
  return links;
}

export interface ProbeLinks {
  /** The OpenClaw version the gateway on this machine answered with (hello-ok). */
  localGatewayVersion?: string;
  /** That version differs from the openclaw CLI found on this machine: two installs. */
  localGatewayCliSkew?: boolean;
}

/**
 * The live gateway against the CLI installed here. Only for a gateway on this machine (a loopback
 * target): a remote gateway on another release is normal. 2026.1/2026.2 gateways answer "dev".
 */
export function linkProbeToEnv(env: EnvFacts, probe: { target?: { loopback?: boolean }; hello?: { serverVersion?: string } } | undefined): ProbeLinks {
  const served = probe?.hello?.serverVersion;
  const cli = env.openclaw?.cliVersion;
  if (!probe?.target?.loopback || !served || !cli) return {};
  const gw = normalizeVersion(served);
  const mine = normalizeVersion(cli);
  if (!gw || !mine) return {};
  return { localGatewayVersion: gw, localGatewayCliSkew: gw !== mine };
}
