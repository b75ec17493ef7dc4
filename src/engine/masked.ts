// The facts with the paste's held rows masked out (held.ts withoutRows): made once per paste for
// every rule about the paste alone that evaluate.ts fires again on the rest of it.
import type { Facts, PasteFacts } from '../types.js';
import { withoutRows } from './held.js';

/**
 * Per paste: the paste without its held rows, made once, not once per rule (~11 per evaluation of a
 * paste with a troubleshooting table). Its per-paste caches (each pattern's answer, the lower-cased
 * lines, the literals' lines: conditions.ts) are then shared; a fresh copy per rule ran each pattern
 * again. Not keyed by the facts: they may change between evaluations (the rest of them is spread in
 * per call). The mask is made again when anything it was made from changed: a paste field replaced
 * (e.g. `derived`, whose object the mask shares), an array grown or cut in place, or other held rows.
 */
const maskedPastes = new WeakMap<PasteFacts, { sig: unknown[]; paste: PasteFacts }>();

/** What the mask was made from: each paste field by identity (arrays with their length) and the held rows. */
function signature(paste: PasteFacts, rows: readonly number[]): unknown[] {
  const sig: unknown[] = [];
  for (const [k, v] of Object.entries(paste)) sig.push(k, v, Array.isArray(v) ? v.length : -1);
  sig.push(rows.length, ...rows);
  return sig;
}

function sameSignature(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function maskedFacts(facts: Facts): Facts | undefined {
  const paste = facts.paste;
  const rows = paste?.derived?.heldRows;
  if (!paste || !rows?.length) return undefined;
  const sig = signature(paste, rows);
  let m = maskedPastes.get(paste);
  if (!m || !sameSignature(m.sig, sig)) maskedPastes.set(paste, (m = { sig, paste: withoutRows(facts)!.paste! }));
  return { ...facts, paste: m.paste };
}
