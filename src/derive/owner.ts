// Whose gateway is this report about (issue #12 item 7)? `openclaw` when a line carries one of
// OpenClaw's own markers (its CLI names, default ports, state dir, config keys, log subsystems,
// handshake codes, close reasons); `other` when no line does and a line names another product's
// gateway, proxy or control plane (knowledge/gateway-owners.json, by class); `unknown` otherwise.
// An upstream class (AI/LLM gateways, which OpenClaw itself calls) counts only on a line that is the
// product's own: its CLI/host/endpoint, or a line that fails in its own right (`lineIsTheirs`).
// Pure over the kept lines; the engine reads `other` to hold back rules whose only evidence is the
// paste (every such line is then generic: no OpenClaw marker is anywhere in it), and the fallback
// says whose gateway it looks like instead of ranking causes.
import type { LineRef, PasteOwnerFacts } from '../types.js';
import { gatewayOwners, lineIsTheirs } from '../shared/gateway-owners.js';

export function deriveOwner(lines: readonly LineRef[]): PasteOwnerFacts {
  const { openclaw, others, any } = gatewayOwners();
  let other: PasteOwnerFacts | undefined;
  for (const l of lines) {
    if (!any.test(l.text)) continue;
    const mine = openclaw.find((m) => m.re.test(l.text));
    if (mine) return { gatewayOwner: 'openclaw', ownerLine: l.line, ownerWhy: mine.what };
    if (!other) {
      const o = others.find((p) => p.re.test(l.text) && lineIsTheirs(p, l.text));
      if (o) other = { gatewayOwner: 'other', ownerProduct: o.product, ownerClass: o.class, ownerLine: l.line, ownerText: l.text.slice(0, 240) };
    }
  }
  return other ?? { gatewayOwner: 'unknown' };
}
