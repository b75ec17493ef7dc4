// Data of the fallback answer: lexicon files (one per language, lexicon/<lang>.json), the model
// parameters (lexicon/model.json) and the index built from both and the rules at build time.
import type { Category } from '../../types.js';

/**
 * Regexes (case-insensitive) for the kind of a text that is not a failure report: lines that open a
 * feature/docs/deployment text (`opens`), a first line that makes it a question, request or proposal
 * (`asks`), lines that state the gateway serves (`serves`), and words that make any of them report a
 * failure after all (`reports`).
 */
export interface FeatureText {
  opens: string[];
  /** Absent in an index written before the field existed. */
  asks?: string[];
  /** Absent in an index written before the field existed. */
  serves?: string[];
  /**
   * Lines that make the text a security advisory (CVSS/CWE, a severity line, a `Security:` title, an
   * exposure: publicly reachable, anyone can access, a bypass, a forged header): it says something is
   * too reachable, not that a client cannot reach the gateway — a `reports` word does not undo it
   * (advisories say "fix", "fails open"); only a complaint, close code or error class does. Absent in
   * an index written before the field existed.
   */
  advisory?: string[];
  reports: string[];
}

/**
 * The words of the derive stage's text kind (src/derive/text-kind.ts): `marks` lines make a text a
 * guide, tutorial, docs page or troubleshooting table; `firstPerson` lines make it a report after all
 * (regex, case-insensitive, per line; schema/lexicon.schema.json `guideText`).
 */
export interface GuideText {
  marks: string[];
  firstPerson: string[];
  /**
   * Literals every match of the marks' alternation contains (OR of ANDs, ASCII-folded: src/shared/regex/cover.ts),
   * written by the build (scripts/build-lexicon.mjs). A small paste that holds none has no mark, and the
   * alternation (~5–15 ms to compile case-insensitively) is never compiled. Absent: the marks are tested.
   */
  marksCover?: string[][];
  /**
   * The same for the shape's `headings` (each compiled with `i`; src/derive/text-shape.ts `namedGuide`): a small
   * paste holding none of them names no guide, and their four patterns are never compiled. Absent: they are tested.
   */
  headingsCover?: string[][];
  /** The whole-paste judgement's words (src/derive/text-shape.ts), merged; absent when no lexicon has them. */
  shape?: ShapeWords;
}

/** A shape regex: a string is compiled with `i`; an object gives its flags (`u` for \p{L}, no `i` where case decides). */
export type ShapeEntry = string | { regex: string; flags: '' | 'i' | 'u' | 'iu' };

/**
 * The words of the describes-vs-reports judgement (schema/lexicon.schema.json `guideText.shape`): report
 * signs per line, describe signs by name over the text (1 point each), failure modes by name in order
 * (a line counts as the first it names), and the words a title-case headline leaves in lower case.
 */
export interface ShapeWords {
  reports: ShapeEntry[];
  describes: Record<string, ShapeEntry[]>;
  modes: Record<string, ShapeEntry[]>;
  titleSmallWords: string[];
  /**
   * Lines that name the text a guide by a heading, a label or a table header (## Troubleshooting, FAQ:,
   * | Error | Fix |). Unlike a mark they never decide alone: a report can carry such a heading too
   * (Round 22c: as marks, prepended to every readable connection case, they silenced 1,351 of 1,558).
   */
  headings?: ShapeEntry[];
  /**
   * A line that pairs a quoted failure with what to do ("if the page shows …, approve …", "run … when it
   * says …"): it matches one `if` entry and one `do` entry. What a heading's guide holds.
   */
  pairs?: { if: ShapeEntry[]; do: ShapeEntry[] };
  /**
   * A heading that decides only beside another line of `with` (a cause/fix label, generalising, advice, a
   * docs page's words) and no line of `not` (a report's words): zh 故障排查/常见问题/…指南, whose guides carry no if/then pairs.
   */
  corroborated?: { marks: ShapeEntry[]; with: ShapeEntry[]; not?: ShapeEntry[] };
}

/**
 * Lines (regex, case-insensitive) that decide whether whole categories of causes (`categories`) or single
 * rules (`rules`, rule ids) may be suggested; `why` documents it.
 */
export type CategoryLines = Array<{ regex: string; categories?: Category[]; rules?: string[]; why: string }>;

/** A lexicon `notGateway` entry (see `LexiconFile.notGateway`). */
export interface NotGatewayEntry {
  regex: string;
  why: string;
  unless?: string;
  clientSide?: boolean;
}

/** One language's words for the causes, as data (schema/lexicon.schema.json). */
export interface LexiconFile {
  language: string;
  description?: string;
  /** Words too common to suggest a cause. */
  stopwords?: string[];
  /** Phrases that say the text is about reaching the gateway (never-silent gate). */
  connection?: string[];
  /** Phrases saying that reaching the gateway fails (see answer.ts: a complaint beside a not-a-gateway line). */
  complaint?: string[];
  /**
   * Words that say something fails only when their line names OpenClaw, its gateway or its
   * dashboard (`names`): "not accessible" of a model or a LAN question is no complaint. Never
   * counted against the feature/question check (a question may ask how to make a thing inaccessible).
   */
  complaintNamed?: string[];
  /**
   * Lines (regex, case-insensitive) saying the gateway itself went down, hung or crashed. A channel,
   * provider, memory or update failure that takes the gateway with it is a gateway report: the
   * other-subsystem competitor does not hold such a paste's causes back (rank.ts `dominance`).
   */
  gatewayHarmed?: string[];
  /** A feature/docs/deployment description (a line `opens` it), a question/request/proposal (`asks`, first line) or a report that the gateway serves (`serves`) that `reports` no failure gets no lexical guess (regex lists). */
  featureText?: FeatureText;
  /** The text kind's words (guide vs report); `shape` in a language file may give only some of its lists. */
  guideText?: Partial<Omit<GuideText, 'shape'>> & { shape?: Partial<ShapeWords> };
  /** Client kind → phrases naming it (control-ui, cli, node-host, tui, mobile, third-party…). */
  clients?: Record<string, string[]>;
  /**
   * Texts that look like a connection problem but are not the gateway's (regex, case-insensitive).
   * `clientSide`: the note says the gateway itself serves, so a complaint on its own line (a client
   * that cannot reach it, stuck connecting) is a client's failure to reach a serving gateway: it still
   * gets the commands to run next (answer.ts).
   */
  notGateway?: NotGatewayEntry[];
  /**
   * Lines that rule out whole categories without ruling out the paste (regex, case-insensitive):
   * the gateway answering its probe rules out "the gateway is down" while another cause may hold.
   */
  ruledOut?: CategoryLines;
  /**
   * Categories (or single rules, `rules`) the ranker may suggest only when some line shows their
   * precondition (regex, case-insensitive): a Tailscale cause needs Tailscale in the picture; the
   * pre-auth socket budget needs unauthenticated sockets, a 503 on the upgrade or too many sockets.
   */
  needs?: CategoryLines;
  /**
   * Words that name OpenClaw or a part of it (its names and wrappers, the gateway, the dashboard,
   * pairing, its ports; regex, case-insensitive, per line). A text none of whose lines names it and
   * whose only ports are not the gateway's is about another program's service (recognise.ts
   * `otherEndpointNote`).
   */
  names?: string[];
  /**
   * OpenClaw's other subsystems (chat channels, model providers, plugins, tools…) → phrases. They
   * compete with the causes: a paste that reads more like one of them gets no possible cause.
   */
  otherSubsystems?: Record<string, string[]>;
  /** Symptom phrases of every rule of a category. */
  categories?: Partial<Record<Category, string[]>>;
  /** Symptom phrases of one rule. */
  rules?: Record<string, string[]>;
  /** A localised OpenClaw message (exact text, case-insensitive) → the rule that explains it. */
  exact?: Record<string, string>;
  /**
   * The `exact` phrases are common wording (token mismatch, pairing required), not OpenClaw's own
   * text: a hit counts only when a line of the paste names OpenClaw or a part of it (`names`).
   */
  exactNeedsName?: boolean;
  /**
   * Regexes over the rest of the line after an `exact` hit (case-insensitive): a match means the phrase is a
   * condition ("…起動しない場合は", "…시작되지 않을 때"), advice in a guide, not a report: the hit does not count.
   */
  exactNotAfter?: string[];
}

export interface ModelParams {
  k1: number;
  b: number;
  /** Field weights: how many times a field's tokens count. */
  weights: { title: number; message: number; notes: number; phrases: number };
  /** Lowest score (see rank.ts) a candidate needs; calibrated on the tuned corpora. */
  threshold: number;
  /** Distinct query words a candidate must share with its rule. */
  minTerms: number;
  /** A candidate must score at least this multiple of the best other-subsystem document. */
  dominance: number;
  /**
   * Order of the chosen candidates (rank.ts `categoryEvidence`): each further matching rule of a
   * candidate's category adds its words no better rule of the category had, at this fraction of the
   * weight of the rule before it. 0 or absent (an index written before the field): the best rule's
   * score alone, as the candidates were chosen.
   */
  corroboration?: number;
  /** Categories whose rules are unrelated causes (the catalogue's catch-all): their best rule alone. */
  catchAllCategories?: string[];
  /**
   * With no version known and no other candidate, a release-specific rule is suggested (its releases
   * named) at this multiple of `threshold`; absent: never.
   */
  versionUnknownFactor?: number;
  /**
   * Rules the ranker never suggests from words: on the tuning fold (scripts/fallback-rule-precision.mjs
   * `--held`) their word matches fired on negatives and on no connection report (neither as its cause nor
   * as a wrong answer). Their causes show as an artifact their own conditions match (a message, a
   * config value), not as prose. Absent: none.
   */
  heldRules?: string[];
  /**
   * A guess from words (a lexical candidate) only in a paste that names OpenClaw, its gateway, dashboard or
   * pairing (lexicon `names`, every language), as `exactNeedsName` holds common wording: the ranker's causes
   * are OpenClaw's, and a text naming none of it is another program's. Absent or false: off.
   */
  lexicalNeedsName?: boolean;
  /** Candidates shown at most. */
  maxCandidates: number;
  /** Real findings at or above this specificity answer the paste: no candidates then. */
  strongSpecificity: number;
}

export interface IndexDoc {
  /** A rule id, or `other:<subsystem>` for a competing not-connection document. */
  id: string;
  category: Category | 'not-connection';
  len: number;
}

/** BM25's collection statistics: number of documents, mean weighted length, documents per word. */
export interface TermStats {
  docs: number;
  avgLen: number;
  df: Record<string, number>;
}

export interface LexiconIndex {
  version: 2;
  /** Changes when a lexicon file or the rule set changes (stale index → rebuilt in memory). */
  /**
   * The text kind's words of every language, written right after `version` so the derive stage reads
   * them from the file's head without parsing the rest (src/shared/lexicon-files.ts `loadGuideText`). Absent
   * in an index written before the field existed.
   */
  guideText?: GuideText;
  fingerprint: string;
  /** Digest of the lexicon files' names and bytes (written by the build; see `indexServes`). */
  contentDigest?: string;
  model: ModelParams;
  /** Where `n`, `avgLen` and the word weights come from: the pinned set (lexicon/stats/) or these docs. */
  termStats: 'frozen' | 'live';
  docs: IndexDoc[];
  /** Documents the word weights are computed over (the pinned set's size when frozen). */
  n: number;
  avgLen: number;
  /** Document frequency of the words whose weight is not their posting list's length (frozen statistics). */
  df: Record<string, number>;
  /** token → [doc index, weighted term frequency] pairs, flattened. */
  postings: Record<string, number[]>;
  stopwords: string[];
  connection: string[];
  /** Absent in an index written before the field existed. */
  complaint?: string[];
  complaintNamed?: string[];
  /** Absent in an index written before the field existed (then no paste says the gateway went down). */
  gatewayHarmed?: string[];
  /** Absent in an index written before the field existed (then no text counts as a feature description). */
  featureText?: FeatureText;
  clients: Record<string, string[]>;
  notGateway: NotGatewayEntry[];
  ruledOut: CategoryLines;
  needs: CategoryLines;
  /** Absent in an index written before the field existed (then no note of another program's endpoint). */
  names?: string[];
  exact: Array<{ text: string; ruleId: string; language: string; needsName?: true; notAfter?: string[] }>;
}
