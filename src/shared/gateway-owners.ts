// Whose gateway a report is about: the markers of OpenClaw's own gateway and of other products that
// call something of theirs a "gateway" (knowledge/gateway-owners.json, read once, lazily: a module
// bundled elsewhere may never need it). Read by the derive stage (src/derive/owner.ts).
import { readFileSync } from 'node:fs';
import { pkgPath } from './paths.js';

export interface OwnerMarker {
  what: string;
  re: RegExp;
}

export interface OtherOwner {
  product: string;
  class: string;
  re: RegExp;
}

export interface GatewayOwners {
  openclaw: OwnerMarker[];
  others: OtherOwner[];
  /** Every marker of both sides in one alternation: a line it misses needs no marker tried (about half the time per line). */
  any: RegExp;
}

interface OwnersFile {
  openclaw: Array<{ what: string; regex: string }>;
  others: Array<{ class: string; products: Array<{ name: string; regex: string }> }>;
}

let cached: GatewayOwners | undefined;

/** The compiled markers (case-insensitive, one line at a time). */
export function gatewayOwners(): GatewayOwners {
  if (cached) return cached;
  const raw = JSON.parse(readFileSync(pkgPath('knowledge', 'gateway-owners.json'), 'utf8')) as OwnersFile;
  const openclaw = raw.openclaw.map((m) => ({ what: m.what, re: new RegExp(m.regex, 'im') }));
  const others = raw.others.flatMap((c) => c.products.map((p) => ({ product: p.name, class: c.class, re: new RegExp(p.regex, 'i') })));
  const any = new RegExp([...openclaw, ...others].map((m) => `(?:${m.re.source})`).join('|'), 'im');
  return (cached = { openclaw, others, any });
}
