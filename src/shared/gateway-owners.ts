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
  /**
   * Set for an upstream class (AI/LLM gateways: OpenClaw itself calls them): the product counts only
   * on a line that is its own — `own` (its CLI, host or endpoint) matches, or the line fails in its
   * own right (`failure`) and shows no gateway client's WebSocket close (`clientClose`).
   */
  upstream?: { own?: RegExp; failure: RegExp; clientClose: RegExp };
  /**
   * Matches of `re` that name no product (a framework's NEXT_PUBLIC_/VITE_ prefix, a one- or two-letter one):
   * the line counts only if some match (`all`: `re` with g) is not one. Kept out of `re` because `any` must
   * stay a superset of every marker, which a negative lookahead compiled into `any` would not promise.
   */
  except?: { re: RegExp; all: RegExp };
}

export interface GatewayOwners {
  openclaw: OwnerMarker[];
  others: OtherOwner[];
  /** Every marker of both sides in one alternation: a line it misses needs no marker tried (about half the time per line). */
  any: RegExp;
  /** Other languages' words for a gateway (网关, ゲートウェイ…): `otherReading` tests for them, then turns each into " gateway". */
  gatewayWords: { test: RegExp; replace: RegExp; denied: RegExp };
}

interface OwnersFile {
  openclaw: Array<{ what: string; regex: string }>;
  others: Array<{ class: string; upstream?: string; products: Array<{ name: string; regex: string; own?: string; caseSensitive?: boolean; except?: string }> }>;
  gatewayWords: { regex: string; denied: string };
  upstreamFailure: string;
  clientClose: string;
}

let cached: GatewayOwners | undefined;

/** Whether a line naming `o` is that product's own: some match is not an `except` one, and for an upstream class, the line is its own. */
export function lineIsTheirs(o: OtherOwner, text: string): boolean {
  const x = o.except;
  if (x && ![...text.matchAll(x.all)].some((m) => !x.re.test(m[0]))) return false;
  const u = o.upstream;
  if (!u) return true;
  return Boolean(u.own?.test(text)) || (u.failure.test(text) && !u.clientClose.test(text));
}

/** The compiled markers (case-insensitive, one line at a time). */
export function gatewayOwners(): GatewayOwners {
  if (cached) return cached;
  const raw = JSON.parse(readFileSync(pkgPath('knowledge', 'gateway-owners.json'), 'utf8')) as OwnersFile;
  const openclaw = raw.openclaw.map((m) => ({ what: m.what, re: new RegExp(m.regex, 'im') }));
  const failure = new RegExp(raw.upstreamFailure, 'i');
  const clientClose = new RegExp(raw.clientClose, 'i');
  const others = raw.others.flatMap((c) =>
    c.products.map((p) => ({
      product: p.name,
      class: c.class,
      re: new RegExp(p.regex, p.caseSensitive ? '' : 'i'),
      ...(p.except ? { except: { re: new RegExp(p.except, p.caseSensitive ? '' : 'i'), all: new RegExp(p.regex, p.caseSensitive ? 'g' : 'gi') } } : {}),
      ...(c.upstream ? { upstream: { ...(p.own ? { own: new RegExp(p.own, 'i') } : {}), failure, clientClose } } : {}),
    })),
  );
  const any = new RegExp([...openclaw, ...others].map((m) => `(?:${m.re.source})`).join('|'), 'im');
  // The test has no leading `\s?`: it starts on a word's first character (a fast scan of ASCII lines); the replacement eats the space.
  const gatewayWords = {
    test: new RegExp(raw.gatewayWords.regex),
    replace: new RegExp(`\\s?(?:${raw.gatewayWords.regex})`, 'g'),
    denied: new RegExp(raw.gatewayWords.denied),
  };
  return (cached = { openclaw, others, any, gatewayWords });
}

/**
 * A line as the other products' markers read it: another language's word for a gateway reads as
 * " gateway" ("Kong网关" → "Kong gateway"), so a product named beside it in zh/ja/ko is named.
 * The line itself when it has no such word (the common case: no copy), or when it denies that gateway is
 * at fault (不是…的问题, …は正常です): a product named there is ruled out, not the gateway's owner.
 */
export function otherReading(o: GatewayOwners, text: string): string {
  const w = o.gatewayWords;
  return w.test.test(text) && !w.denied.test(text) ? text.replace(w.replace, ' gateway') : text;
}
