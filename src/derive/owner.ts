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
import { gatewayOwners, lineIsTheirs, otherReading } from '../shared/gateway-owners.js';

/**
 * Up to this many lines, no line is tried against `any` first: compiling that one alternation of
 * every marker (~2.5 KB, case-insensitive) costs 2–3 ms in a fresh process, more than trying each
 * marker on a few lines (issue #13, start-up). `any` only skips lines no marker can match (every
 * marker matches a line only if `any` does: test/derive/owner.test.ts), so the answer is the same.
 */
export const OWNER_PREFILTER_LINES = 64;

export function deriveOwner(lines: readonly LineRef[], prefilterFrom = OWNER_PREFILTER_LINES): PasteOwnerFacts {
  const owners = gatewayOwners();
  const { openclaw, others, any } = owners;
  const prefilter = lines.length > prefilterFrom;
  let other: PasteOwnerFacts | undefined;
  for (const l of lines) {
    // OpenClaw's markers read the line as written; the other products' read it with 网关/ゲートウェイ as "gateway".
    const theirs = other ? l.text : otherReading(owners, l.text);
    if (prefilter && !any.test(l.text) && (theirs === l.text || !any.test(theirs))) continue;
    const mine = openclaw.find((m) => m.re.test(l.text));
    if (mine) return { gatewayOwner: 'openclaw', ownerLine: l.line, ownerWhy: mine.what };
    if (!other) {
      const o = others.find((p) => p.re.test(theirs) && lineIsTheirs(p, theirs));
      if (o) other = { gatewayOwner: 'other', ownerProduct: o.product, ownerClass: o.class, ownerLine: l.line, ownerText: l.text.slice(0, 240) };
    }
  }
  return other ?? { gatewayOwner: 'unknown' };
}
