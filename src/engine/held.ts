// Findings held back before they are reported: the rule matched, but only on words in a text that
// is not a report of this user's OpenClaw gateway (another product's gateway, a guide quoting errors).
import type { Evidence, FactSource, Facts, PasteFacts } from '../types.js';

/** What a text marked `guide` (lexicon guide marks) is, as the hold-back and the fallback's note both say it. */
export const GUIDE_TEXT = 'a guide, troubleshooting page or feature description';

/** A mark names the kind ("is"); the whole paste's shape is a judgement ("reads as"). */
export const isOrReads = (by: 'mark' | 'shape' | undefined): string => (by === 'shape' ? 'reads as' : 'is');

/**
 * Why a rule that matched is held back (it ends `pass` with this reason), or undefined. Only a rule
 * about the paste alone is held: its evidence is the paste (and the release), and it cannot fire
 * without anything else — a rule that reads this machine's config, probe or environment is about
 * OpenClaw's own gateway here, also when its condition holds by an absence (`missing`, `falsy`,
 * under `not`), which gives no evidence. `sources`: what the rule cannot fire without (evaluate.ts
 * `sourcesOf`).
 */
export function heldBack(evidence: readonly Evidence[], facts: Facts, sources: readonly FactSource[]): string | undefined {
  if (!pasteOnly(evidence) || sources.some((s) => s !== 'paste' && s !== 'version')) return undefined;
  return otherOwner(facts) ?? quotedInGuide(facts, evidence) ?? notReportingReason(facts);
}

/**
 * The speaker's relation to the failure (src/derive/speaker.ts): a text whose lines describe, propose or track
 * the failure, outnumbering any line that reports it, quotes the error; nobody in it says they have it now.
 */
export function notReportingReason(facts: Facts): string | undefined {
  const d = facts.paste?.derived;
  if (!notReporting(d?.speaker)) return undefined;
  return `mentioned: the text ${SPEAKER_WORDS[d!.speaker!]} this failure (line ${d?.speakerLines?.[0] ?? '?'}); no line reports having it now`;
}

/** The speaker (paste.derived.speaker) is clearly not reporting a failure they have now. */
export const notReporting = (speaker: string | undefined): boolean => speaker !== undefined && speaker !== 'reporting';

const SPEAKER_WORDS: Record<string, string> = { describing: 'describes', proposing: 'proposes a change about', tracking: 'tracks' };

/**
 * Whose gateway (src/derive/owner.ts): when the paste names another product's gateway and carries no
 * OpenClaw marker at all, a rule about the paste alone has only generic evidence — gateway, 401,
 * refused, 1006, timeout words with no OpenClaw token on any line.
 */
function otherOwner(facts: Facts): string | undefined {
  const d = facts.paste?.derived;
  if (d?.gatewayOwner !== 'other') return undefined;
  return `another product's gateway: ${d.ownerProduct ?? 'another product'} (line ${d.ownerLine ?? '?'}), no OpenClaw marker in the paste`;
}

/**
 * The text's kind (src/derive/text-kind.ts): a guide, tutorial or troubleshooting table quotes
 * OpenClaw's error lines to explain them, and nobody in it reports a failure they have now: the text
 * mentions the error, it does not show it.
 */
function quotedInGuide(facts: Facts, evidence: readonly Evidence[]): string | undefined {
  const d = facts.paste?.derived;
  // Rows (a guide's own lines, or a report's troubleshooting table) hold only what rests on them alone.
  if (d?.heldRows && !restsOn(evidence, d.heldRows)) return undefined;
  return d?.textKind === 'guide' || d?.heldRows?.length ? rowsReason(facts, evidence) : undefined;
}

/** Why a finding is held that fires only with the held rows (`evidence`: what it rests on, to name a guide section's title). */
export function rowsReason(facts: Facts, evidence: readonly Evidence[] = []): string {
  const d = facts.paste?.derived;
  const at = d?.heldRows?.[0] ?? '?';
  if (d?.textKind === 'guide') return `mentioned: the text ${isOrReads(d.textKindBy)} ${GUIDE_TEXT} (line ${d.textKindLine ?? at}) that quotes this error; no one in it reports having it`;
  // A year-stamped guide title's section (src/derive/guide-section.ts) holds only its own lines.
  const section = d?.guideSections?.find((s) => evidence.some((e) => e.source === 'paste' && e.line !== undefined && s.rows.includes(e.line)));
  return section
    ? `mentioned: the lines it rests on are a guide's section under its title (line ${section.line}) that quotes this error; no line outside it shows it`
    : `mentioned: the lines it rests on are rows of a troubleshooting table (line ${at}) that quotes this error beside its fix`;
}

/**
 * Whether a rule about the paste alone leans on a held row: some pasted line it rests on is one. evaluate.ts
 * fires it again without the rows (`withoutRows`): on the other lines alone it is theirs, else it is held —
 * a report's context line beside a table's "pairing required" row is not the report saying it (review20a item 4).
 */
export function leansOnRows(evidence: readonly Evidence[], facts: Facts, sources: readonly FactSource[]): boolean {
  const rows = facts.paste?.derived?.heldRows;
  if (!rows?.length || !pasteOnly(evidence) || sources.some((s) => s !== 'paste' && s !== 'version')) return false;
  const set = new Set(rows);
  return evidence.some((e) => e.source === 'paste' && e.line !== undefined && set.has(e.line));
}

/** Every pasted line the evidence rests on is one of `rows`. */
function restsOn(evidence: readonly Evidence[], rows: readonly number[]): boolean {
  const set = new Set(rows);
  return evidence.every((e) => e.source !== 'paste' || (e.line !== undefined && set.has(e.line)));
}

/** Every piece of evidence from the paste (at least one) or the release. */
function pasteOnly(evidence: readonly Evidence[]): boolean {
  return evidence.some((e) => e.source === 'paste') && evidence.every((e) => e.source === 'paste' || e.source === 'version');
}

/**
 * The facts with the rows that hold what rests only on them masked out of the paste (a heading's guide, a
 * catalogue's entries, a report's troubleshooting table), or undefined when the paste has none. A rule whose
 * evidence is a row re-fires on the rest (evaluate.ts): the row quoted first ("pairing required" in a
 * catalogue above the report) must not hide the report's own line saying the same.
 */
export function withoutRows(facts: Facts): Facts | undefined {
  const d = facts.paste?.derived;
  const rows = d?.heldRows;
  if (!facts.paste || !rows?.length) return undefined;
  return { ...facts, paste: withoutLines(facts.paste, new Set(rows)) };
}

/** The paste's facts without the given lines (what the rest of the paste shows); derived facts are kept. */
export function withoutLines(paste: PasteFacts, drop: ReadonlySet<number>): PasteFacts {
  const keep = <T extends { line: number }>(xs: T[]) => xs.filter((x) => !drop.has(x.line));
  return {
    ...paste,
    kept: keep(paste.kept),
    closes: keep(paste.closes),
    codes: keep(paste.codes),
    requestIds: keep(paste.requestIds),
    versions: keep(paste.versions),
    urls: keep(paste.urls),
    hosts: keep(paste.hosts),
    ports: keep(paste.ports),
    containerHints: keep(paste.containerHints),
    ...(paste.endpoints ? { endpoints: keep(paste.endpoints) } : {}),
  };
}
