// Findings held back before they are reported: the rule matched, but only on words in a text that
// is not a report of this user's OpenClaw gateway (another product's gateway, a guide quoting errors).
import type { Evidence, FactSource, Facts } from '../types.js';

/**
 * Why a rule that matched is held back (it ends `pass` with this reason), or undefined. `sources` are
 * the sources the rule cannot fire without (evaluate.ts `sourcesOf`).
 */
export function heldBack(evidence: readonly Evidence[], facts: Facts, sources: readonly FactSource[]): string | undefined {
  return otherOwner(evidence, facts) ?? quotedInGuide(evidence, facts, sources);
}

/**
 * Whose gateway (src/derive/owner.ts): when the paste names another product's gateway and carries no
 * OpenClaw marker at all, a rule whose evidence is the paste alone (and the release) has only generic
 * evidence — gateway, 401, refused, 1006, timeout words with no OpenClaw token on any line — and is
 * held back; a rule that also reads this machine's config, probe or environment is about OpenClaw's
 * own gateway and stays (read from the evidence the evaluation gives: every piece from the paste).
 * Returns why it is held back, or undefined.
 */
function otherOwner(evidence: readonly Evidence[], facts: Facts): string | undefined {
  const d = facts.paste?.derived;
  if (d?.gatewayOwner !== 'other') return undefined;
  if (!pasteOnly(evidence)) return undefined;
  return `another product's gateway: ${d.ownerProduct ?? 'another product'} (line ${d.ownerLine ?? '?'}), no OpenClaw marker in the paste`;
}

/**
 * The text's kind (src/derive/text-kind.ts): a guide, tutorial or troubleshooting table quotes
 * OpenClaw's error lines to explain them, and nobody in it reports a failure they have now. A rule
 * whose evidence is those lines alone (and the release) is held back: the text mentions the error, it
 * does not show it. A rule that also reads this machine's config, probe or environment stays: one
 * with evidence from them, or one that cannot fire without them (a condition that holds by an
 * absence — `missing`, `falsy`, under `not` — gives no evidence).
 */
function quotedInGuide(evidence: readonly Evidence[], facts: Facts, sources: readonly FactSource[]): string | undefined {
  const d = facts.paste?.derived;
  if (d?.textKind !== 'guide') return undefined;
  if (!pasteOnly(evidence) || sources.some((s) => s !== 'paste')) return undefined;
  return `mentioned: the text is a guide or troubleshooting page (line ${d.textKindLine ?? '?'}) that quotes this error; no one in it reports having it`;
}

/** Every piece of evidence from the paste (at least one) or the release. */
function pasteOnly(evidence: readonly Evidence[]): boolean {
  return evidence.some((e) => e.source === 'paste') && evidence.every((e) => e.source === 'paste' || e.source === 'version');
}
