// The facts with the paste's held rows masked out (held.ts withoutRows): made once per paste for
// every rule about the paste alone that evaluate.ts fires again on the rest of it.
import type { Facts, PasteFacts } from '../types.js';
import { withoutRows } from './held.js';

/**
 * Per paste: the paste without its held rows, made once for the paste and its `heldRows` and `kept`
 * arrays, not once per rule (~11 per evaluation of a paste with a troubleshooting table). Its per-paste
 * caches (each pattern's answer, the lower-cased lines, the literals' lines: conditions.ts) are then
 * shared; a fresh copy per rule ran each pattern again. Not keyed by the facts: they may change
 * between evaluations (the rest of them is spread in per call).
 */
const maskedPastes = new WeakMap<PasteFacts, { rows: readonly number[]; kept: PasteFacts['kept']; paste: PasteFacts }>();

export function maskedFacts(facts: Facts): Facts | undefined {
  const paste = facts.paste;
  const rows = paste?.derived?.heldRows;
  if (!paste || !rows?.length) return undefined;
  let m = maskedPastes.get(paste);
  if (!m || m.rows !== rows || m.kept !== paste.kept) maskedPastes.set(paste, (m = { rows, kept: paste.kept, paste: withoutRows(facts)!.paste! }));
  return { ...facts, paste: m.paste };
}
