// Shared contracts between collectors (I/O), the pure engine, renderers and the fixer.
// Every fact object is plain JSON so a rule can be tested on recorded facts.
// Over ~300 lines on purpose: only type declarations — the one contract every layer imports, kept in one file so the fact shapes are read in one place.
import type { DerivedConfigFacts } from './derive/index.js';
import type { StructuredFacts } from './collectors/paste/structured/types.js';
import type { HOST_KINDS, PROBE_OUTCOMES, PROBE_STAGES } from './shared/facts/enums.js';
import type { ConfigEnvFacts } from './shared/config/env.js';

export const CATEGORIES = [
  'secure-context',
  'device-identity',
  'pairing',
  'token-auth',
  'auth-config-shape',
  'trusted-proxy',
  'docker-nat',
  'origin',
  'port-bind',
  'gateway-down',
  'tls',
  'version-bug',
  'config-parse',
  'rate-limit',
  'tailscale',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type FactSource = 'paste' | 'config' | 'probe' | 'env' | 'version' | 'flags';

// ---------------------------------------------------------------- rules

/** A leaf or compound condition in a rule's `when`. Exactly one key per object. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { paste: PasteMatcher }
  | { fact: FactMatcher }
  | { version: VersionMatcher }
  | { fixedAfter: FixedAfterMatcher }
  | { standsDown: StandsDownMatcher };

/**
 * The report says this rule's failure was fixed (the story's `resolved`, src/derive/story.ts): true when the
 * resolution comes after a line the conditions before it in its `all` matched, no such line (nor a match of
 * their paste patterns) comes after it, and a resolution that names a subject ("fixed the port") names a word
 * of those lines. Written `{"not": {"fixedAfter": {}}}`: the rule stands down (notes/rules.md).
 */
export type FixedAfterMatcher = Record<string, never>;

/**
 * The shared stand-down (Round 32a): true when the failure the conditions before it in its `all` matched is not the
 * reporter's live failure by the story's shared facts — `fixed`: a fix statement after it (exactly `fixedAfter`);
 * `denied`: every paste evidence line is a denial whose denied span holds the failure's match (paste.derived.story.denied);
 * `quoted`: every paste evidence line is a quoting speaker's (paste.derived.story.quoted). `because` picks which
 * (default: all three). Written `{"not": {"standsDown": {}}}` after the failure conditions.
 */
export interface StandsDownMatcher {
  because?: Array<'fixed' | 'denied' | 'quoted'>;
}

export interface PasteMatcher {
  /** JavaScript regular expression source; named captures become template values. */
  regex?: string;
  /** Literal text (case-insensitive unless caseSensitive). */
  contains?: string;
  caseSensitive?: boolean;
  /**
   * A second pattern (same syntax and case flag as `regex`) tested only on each line `regex`
   * matched: a line it also matches does not count; the paste's other lines are unaffected (a `not`
   * over a paste condition excludes across the whole paste). Adds no literals to the cover.
   */
  notOnLine?: string;
  /**
   * Set at validation, never written in rule files: `notOnLine` analysed as a matcher of its own
   * (annotate.ts: its linear rewrite, bounded, plan, span), the way the engine runs it.
   */
  notOnLineMatcher?: PasteMatcher;
  /**
   * Set by the loader from the build, never written in rule files: the literals every match must
   * contain (any one conjunction). Lets the engine skip compiling a regex that cannot match.
   */
  cover?: string[][];
  /**
   * Set at validation, never written in rule files: `regex` rewritten for V8's linear-time engine
   * (case folded, bounded repeats split; src/shared/regex/linear.ts), compiled without flags.
   */
  linear?: string;
  /**
   * Set at validation: the regex as written backtracks through few enough paths per start position
   * (finite repeats; src/shared/regex/linear.ts backtrackPaths) to run in linear time on V8's
   * backtracking engine, which is much faster than the linear-time one.
   */
  bounded?: boolean;
  /**
   * Set at validation for a pattern not bounded as a whole: its top-level alternatives split into
   * pieces matched separately (src/shared/regex/plan.ts), combined leftmost-first.
   */
  plan?: PastePiece[];
  /**
   * Set at validation: the longest text a match attempt reads past its start (src/shared/regex/span.ts);
   * none when unbounded or not local (a lookaround, a backreference).
   */
  span?: number;
}

/** One piece of a paste pattern's plan (src/shared/regex/plan.ts). */
export interface PastePiece {
  /** As written (the matcher's case flag) when `bounded`, else a linear-time rewrite compiled without flags. */
  re: string;
  bounded: boolean;
  /** A gap piece: HEAD (fixed length, as written) … REST (`re`), the gap ending before a `stop` character. */
  head?: string;
  headLength?: number;
  stop?: string;
  /** A gap piece's longest gap (REST starting at most this far after HEAD); none: unbounded. */
  max?: number;
}

export type FactOp =
  | 'exists'
  | 'missing'
  | 'eq'
  | 'ne'
  | 'in'
  | 'type'
  | 'regex'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'truthy'
  | 'falsy'
  | 'includes'
  | 'nonEmpty';

export interface FactMatcher {
  /** Dot path into Facts, e.g. `config.value.gateway.auth`; `*` matches any array element or key. */
  path: string;
  op: FactOp;
  value?: unknown;
  /** Bind the matched value to this template name. */
  as?: string;
  /** What to conclude when the fact's source was not collected: default `skip`. */
  ifUnknown?: 'true' | 'false' | 'skip';
}

export interface VersionMatcher {
  /** A range over OpenClaw calendar versions, e.g. `>=2026.2.2 <2026.3.13`. Exactly one of range / behaviour. */
  range?: string;
  /**
   * A behaviour of knowledge/versions.json: the releases that have it (`>=first <until`), so its
   * boundaries are written there only. The rule loader resolves it into `resolved`.
   */
  behaviour?: string;
  /**
   * Attached by the rule loader (src/rules/validate.ts attachVersionRanges), never written in a
   * rule file: the range `behaviour` stands for, so the engine reads no file. The bundle's
   * fingerprint covers knowledge/versions.json, so a changed boundary rebuilds it.
   */
  resolved?: string;
  /**
   * A gateway config key of knowledge/versions.json's `gatewayKeys` with a `retired` release
   * (`gateway.webchat`): the releases that retired it (`>=retired`; with `has: false` the releases
   * before). Resolved by the rule loader into `resolved`, like `behaviour`.
   */
  retiredKey?: string;
  /**
   * A fact path holding a version (`config.derived.lastTouchedVersion`): true when the version in
   * use is older than it. Two facts compared; a fact that is absent or not a version: false.
   */
  olderThan?: string;
  /** With `behaviour` / `retiredKey`: false = the releases without it (`<first || >=until`, `<retired`). Default true. */
  has?: boolean;
  /** With `behaviour`: count from `firstVerified` (a release inside the unpublished bracket is not taken to have it). */
  verified?: boolean;
  ifUnknown?: 'true' | 'false' | 'skip';
}

export type FixTier = 'safe' | 'prompt' | 'manual';

/** RFC 6902-style operation with JSON-Pointer paths into the config document. */
export interface PatchOp {
  op: 'test' | 'add' | 'replace' | 'remove' | 'move' | 'copy';
  path: string;
  from?: string;
  /** Literal value, or a template string `{{name}}` resolved from captures/facts. */
  value?: unknown;
  /** For `value`: resolve `{{...}}` from this fact path instead of a literal. */
  valueFrom?: string;
}

export interface Fix {
  tier: FixTier;
  summary?: string;
  steps: string[];
  commands?: string[];
  patch?: PatchOp[];
  docs?: string[];
}

export interface RuleCase {
  name?: string;
  /** Pasted text for the case. */
  paste?: string;
  /** Extra facts (config, probe, env, version) merged over the collected paste facts. */
  facts?: Partial<Facts> & Record<string, unknown>;
  openclawVersion?: string;
}

export interface RuleCases {
  $schema?: string;
  rule: string;
  /** Cases the rule must fire on. */
  positive: RuleCase[];
  /** Cases the rule must stay silent on. */
  negative: RuleCase[];
}

export interface Rule {
  $schema?: string;
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  /**
   * Fact sources the rule cannot fire without (a missing one ends it as `skip`). Inferred from the
   * conditions (src/engine/sources.ts); when a rule file still declares it, validation checks it.
   */
  facts?: FactSource[];
  when: Condition;
  /** Named specificity band (src/rules/bands.ts); `specificity` must lie inside it. */
  band?: 'hint' | 'generic' | 'exact' | 'refined' | 'proven';
  /** Higher = more specific; ties broken by severity. 0–100. */
  specificity: number;
  /** Template name → fact path: the first value found there, when any (never affects whether the rule fires). */
  bind?: Record<string, string>;
  /** false: never suggested by the lexical ranker from words (src/engine/fallback/index-build.ts). */
  lexical?: boolean;
  supersedes?: string[];
  /**
   * Categories or rule ids this rule's finding is reported after when one of theirs fires too, no
   * milder and in band `exact` or above (src/engine/rank.ts `RanksAfter`): a side note after the
   * failure beside it. Hides nothing.
   */
  ranksAfter?: string[];
  /** Rules sharing a cause are reported once (the most specific wins). Defaults to the id. */
  cause?: string;
  message: string;
  fix: Fix;
  /** Version-dependent notes, evidence sources, uncertainty. */
  notes?: string;
  references?: string[];
  /** Where this rule file came from (set by the loader, not by authors). */
  file?: string;
}

// ---------------------------------------------------------------- facts

export interface LineRef {
  line: number;
  text: string;
}

export interface PasteEndpoint {
  role: 'client' | 'gateway';
  port: number;
  /** The host the line names with the port, when it names one. */
  host?: string;
  /** Which kind of line named it: gateway-target, probe-target, cli-url, client-stated, cli-config-port, ssh-forward, http-api, listening, gateway-flag, gateway-port-flag, status-port. */
  how: string;
  line: number;
}

/** Whose gateway the paste is about (src/derive/owner.ts, knowledge/gateway-owners.json). */
export interface PasteOwnerFacts {
  /** `openclaw`: a line carries an OpenClaw marker; `other`: none does and a line names another product's gateway; else `unknown`. */
  gatewayOwner: 'openclaw' | 'other' | 'unknown';
  /** The first line with the deciding marker (OpenClaw's, else the other product's). */
  ownerLine?: number;
  /** Which OpenClaw marker (for `openclaw`). */
  ownerWhy?: string;
  /** The other product (for `other`), its class and its line's text. */
  ownerProduct?: string;
  ownerClass?: string;
  ownerText?: string;
}

/** The text's kind (src/derive/text-kind.ts): `guide` — a guide, tutorial, docs page or troubleshooting table that quotes errors, no first-person failure. */
export interface PasteKindFacts {
  textKind?: 'guide';
  /** The line that marks it (a heading, a table header, 常见问题 …; for `shape`, the headline or first line). */
  textKindLine?: number;
  /** What decided it: a lexicon guide mark, or the whole paste's shape (describe signs, no report sign: src/derive/text-shape.ts). */
  textKindBy?: 'mark' | 'shape';
  /**
   * The rows that hold what rests only on them: a finding is held when every pasted line it rests on is one
   * of them, and the fallback reads only the other lines. With `textKind`, a guide's own lines (a heading's
   * rows, `namedGuide`; a catalogue's entries, `labelledEntries`); without it, a report's troubleshooting
   * table (an Error | Fix header or a guide heading over it, a failure paired with a fix in a row,
   * `troubleshootingTableRows`) or a year-stamped guide title's sections (`guideSections`). Unset with `textKind`:
   * the whole paste is the guide's.
   */
  heldRows?: number[];
  /**
   * Year-stamped guide titles that hold only their own section (src/derive/guide-section.ts): the title's line
   * and the section's rows (also in `heldRows`). A section with any report sign is none.
   */
  guideSections?: PasteGuideSection[];
}

/** One guide section: its title's line and every line of it (the title first). */
export interface PasteGuideSection {
  line: number;
  rows: number[];
}

/** One thing a report's own line says (src/derive/story.ts): the value and the first line saying it. */
export interface StoryMention<T extends string = string> {
  is: T;
  line: number;
  /** The last line telling it, when a later line tells it again (fixedAfter: the failure told after "fixed it"). */
  last?: number;
}

/** The story of a report in its own words (src/derive/story.ts, lexicon/story/*.json); each list in line order. */
export interface PasteStory {
  actor?: Array<StoryMention<'agent' | 'updater' | 'panel' | 'paas' | 'user' | 'watchdog'>>;
  action?: Array<StoryMention<'restart' | 'stop' | 'update' | 'install' | 'redeploy' | 'config-edit' | 'pair'>>;
  supervisor?: Array<StoryMention<'systemd' | 'launchd' | 'schtasks' | 'docker' | 'k8s' | 'pm2'>>;
  /** killed: taken down by something outside it (a watchdog, the OOM killer, a crash that takes the whole process); held: kept from starting by another or stale gateway process or lock; config-refused: refused at start over its config. */
  gatewayState?: Array<StoryMention<'down' | 'restarting-loop' | 'unreachable' | 'not-installed' | 'other-port' | 'killed' | 'held' | 'config-refused'>>;
  /** What came before the failure. */
  after?: Array<StoryMention<'update' | 'config-change' | 'reboot' | 'sleep' | 'redeploy'>>;
  /** The reporter's last word on the outcome says it is fixed (not a question, not reported, not undone later): see StoryResolved. */
  resolved?: StoryResolved;
  /** What the reporter says they do NOT see ("mine never said X", "I don't get X", 没有报X): each denial's line and the denied span in it (Round 32a). */
  denied?: StoryDenial[];
  /** Lines a quoting speaker wrote, not the reporter's account: a PR / conventional-commit title, a changelog entry, a feature request or idea (also mid-line), a guide's / README's / docs' excerpt or `## Troubleshooting` section (Round 32a). */
  quoted?: number[];
  /**
   * Quoting phrases inside a line that also holds the reporter's own words (review29a item 4): the span [at, end) from the
   * quoting phrase to the reporter's own clause ("The docs say X | but mine shows X"). A rule's failure on that line counts
   * as quoted only when it no longer matches with these spans blanked.
   */
  quotedSpans?: StoryDenial[];
}

/** A denial: the line and the span [at, end) of what it says is absent. */
export interface StoryDenial {
  line: number;
  at: number;
  end: number;
}

/** Where the report says it is fixed: the line, the statement's span in it, and what it names as fixed ("the port"), if anything. */
export interface StoryResolved {
  line: number;
  at: number;
  end: number;
  what?: string;
}

/** Whom the text speaks to (src/derive/address.ts): its reader (advice, an answer, a how-to) or no one (a question naming no failure). */
export interface PasteAddressFacts {
  textAddress?: 'reader' | 'asking';
  /** The first line that decided it. */
  textAddressLine?: number;
}

export interface PasteDerivedFacts extends Partial<PasteOwnerFacts>, PasteKindFacts, PasteAddressFacts {
  /** The writer's relation to the failure (src/derive/speaker.ts): reporting it now, or describing, proposing or tracking it. */
  speaker?: 'reporting' | 'describing' | 'proposing' | 'tracking';
  /** The lines that decided it. */
  speakerLines?: number[];
  /** The report's story: actor, action, supervisor, gateway state, what came before (src/derive/story.ts). */
  story?: PasteStory;
  /** The machine is a node-only host (src/derive/node-host.ts): OpenClaw's status table, or one paragraph of the reporter's own prose. */
  nodeOnlyHost?: { line: number; by: 'status' | 'prose' };
  /** A port a client aims at that no gateway line of the paste listens on, and the gateway's port(s). */
  targetPortDiffers?: boolean;
  /** The client's line (quoted as the evidence). */
  line?: number;
  targetPort?: number;
  targetHow?: string;
  gatewayPort?: number;
  gatewayPorts?: string;
  gatewayHow?: string;
  gatewayLine?: number;
  /** With OpenClaw's "route claim exited" warning: whether a later line claims the Serve/Funnel route again (src/derive/paste.ts). */
  tailscaleServeReclaimed?: boolean;
  /** The first `serve enabled:` line after the last claim-exited warning. */
  tailscaleServeReclaimedLine?: number;
}

export interface PasteFacts {
  /** Where the text came from. */
  source: 'stdin' | 'file';
  file?: string;
  bytes: number;
  lines: number;
  /** Lines retained for matching (all for small inputs, prefiltered for huge ones). */
  kept: LineRef[];
  /** True when only prefiltered lines were kept or the input was cut at the size cap. */
  sampled: boolean;
  /**
   * Lines longer than the per-line limit (64 KiB) that could hold a match: only their first 64 KiB
   * were matched. Reported as input not fully examined (never a silent "no problem").
   */
  cutLines?: { count: number; first: number[]; limitBytes: number };
  /**
   * Lines that could hold a match but were not kept (more than `max` such lines, or more than
   * `maxBytes` of their text: the first ones and the most recent are kept), all between line `after`
   * and line `before`: not examined by the rules. `limit`: which cap the kept lines reached.
   */
  unkept?: { count: number; after: number; before: number; max: number; limit?: 'lines' | 'bytes'; maxBytes?: number };
  binary: boolean;
  closes: Array<{ code: number; reason: string; line: number }>;
  codes: Array<{ code: string; line: number }>;
  requestIds: Array<{ id: string; line: number }>;
  /** `ref`: named as where a fix landed ("fixed in 2026.4.20"), not the release that printed the paste; `from`: the left side of an upgrade arrow (`2026.4.19 -> 2026.4.22`), not the one running. */
  versions: Array<{ version: string; raw: string; line: number; ref?: true; from?: true }>;
  urls: Array<{
    url: string;
    scheme: string;
    host: string;
    port?: number;
    line: number;
    hostKind: HostKind;
    /** Whether a browser treats http(s) pages at this URL as a secure context. */
    secureContext: boolean;
  }>;
  hosts: Array<{ host: string; kind: HostKind; line: number }>;
  ports: Array<{ port: number; line: number }>;
  /** Docker / Podman / Kubernetes / WSL hints seen in the text. */
  containerHints: Array<{ hint: string; line: number }>;
  /**
   * Ports named as where a client aims (`Gateway target:`, `Probe target:`, `--url`, the CLI's own config
   * port, an SSH forward's far end) or where the gateway listens (its `listening on` line, `--port` on
   * a gateway run/start command line, `--gateway-port`, `gateway status`'s `port=`), each with its line.
   */
  endpoints?: PasteEndpoint[];
  /** Comparisons between the paste's own lines (src/derive/paste.ts). */
  derived?: PasteDerivedFacts;
  /** OpenClaw's own structured outputs recognised in the paste (doctor --lint --json, gateway status, …). */
  structured?: StructuredFacts;
}

export type HostKind = (typeof HOST_KINDS)[number];

/** Filled by the config collector (issue #3). */
export interface ConfigFacts {
  /** The file that was read, or that OpenClaw would read. */
  path: string;
  /** Why this file: `--config`, `OPENCLAW_CONFIG_PATH`, `OPENCLAW_STATE_DIR`, profile, default, legacy dir. */
  reason: string;
  found: boolean;
  /** Parse error with a position (config-parse finding); `hint` says what to change, `excerpt` is the line. */
  /** `kind` 'not-object': valid JSON5 whose top level is not an object (`[1,2]`, `42`, `null`). */
  parseError?: { message: string; line: number; column: number; hint?: string; excerpt?: string; kind?: 'syntax' | 'not-object' | 'too-deep' };
  /** The parsed document (JSON values). */
  value?: Record<string, unknown>;
  /** JSON-Pointer → position of each value in the file. */
  positions?: Record<string, { line: number; column: number }>;
  /** JSON-Pointer → position of each member's key (where "this key is wrong" findings point). */
  keyPositions?: Record<string, { line: number; column: number }>;
  /** The file behind a symlinked config (the fixer writes through to it). */
  realPath?: string;
  /** Why the file could not be read (permission, directory, too large, binary). */
  readError?: string;
  /** Pre-computed facts rules read (kept flat so rules stay declarative): see src/derive/. */
  derived?: DerivedConfigFacts;
  mode?: number;
  stateDir?: string;
  stateDirMode?: number;
  /** The platform the file was read on (permission bits mean nothing on Windows). */
  platform?: string;
  /** What of the process environment the config depends on (src/shared/config/env.ts). */
  processEnv?: ConfigEnvFacts;
}

export type ProbeStage = (typeof PROBE_STAGES)[number];
export type ProbeOutcome = (typeof PROBE_OUTCOMES)[number];

/** Filled by the live probe (issue #4). */
export interface ProbeFacts {
  url: string;
  /** How the target was chosen: `--url`, `gateway.remote.url`, default port… */
  targetSource: string;
  credentialSource?: string;
  /** Last stage that completed successfully. */
  reached: ProbeStage | 'none';
  /** Stage that failed, if any. */
  failedStage?: ProbeStage;
  outcome: ProbeOutcome;
  stages: Array<{ stage: ProbeStage; ok: boolean; ms: number; detail?: string; error?: string }>;
  http?: {
    status?: number;
    readyz?: number;
    healthz?: number;
    body?: string;
    kind?: 'openclaw-json' | 'html' | 'other' | 'none';
    ready?: boolean;
    live?: boolean;
    failing?: string[];
    controlUiHtml?: boolean;
    error?: string;
  };
  upgrade?: { status?: number; body?: string; errorType?: string };
  error?: {
    code?: string;
    message?: string;
    detailsCode?: string;
    reason?: string;
    authReason?: string;
    requestId?: string;
    recommendedNextStep?: string;
    canRetryWithDeviceToken?: boolean;
    remediationHint?: string;
    expectedProtocol?: number;
    minimumProbeProtocol?: number;
    retryAfterMs?: number;
    retryable?: boolean;
  };
  close?: { code: number; reason: string };
  hello?: { protocol?: number; serverVersion?: string; authMethod?: string; scopes?: string[] };
  tls?: { error?: string; authorized?: boolean; fingerprint?: string; subject?: string; issuer?: string; validTo?: string; pinned?: boolean; pinMatch?: boolean; code?: string };
  timings: { totalMs: number };
}

/** A gateway service installed by `openclaw gateway install` (or a clawdbot/moltbot ancestor). */
export interface ServiceFact {
  kind: 'systemd' | 'launchd' | 'schtasks';
  name: string;
  path: string;
  /** OPENCLAW_GATEWAY_TOKEN baked into the service (a secret: listed in `secrets`, masked by renderers). */
  token?: string;
  /** OPENCLAW_GATEWAY_PASSWORD baked into the service (a secret). */
  password?: string;
  /** OPENCLAW_SERVICE_VERSION: the OpenClaw version that installed the service. */
  serviceVersion?: string;
  port?: number;
  profile?: string;
  stateDir?: string;
  configPath?: string;
  /** Program the service starts (ExecStart / ProgramArguments), secrets masked. */
  execStart?: string;
  /** Which product wrote it: current OpenClaw or a legacy name. */
  product: 'openclaw' | 'clawdbot' | 'moltbot';
  scope?: 'user' | 'system';
  /** Files merged in: drop-ins and EnvironmentFile. */
  sources?: string[];
  /** Parse problems (binary plist, unreadable drop-in). */
  problems?: string[];
}

/** Filled by the environment collector (issue #5). Unknown facts are recorded, never guessed. */
export interface EnvFacts {
  os?: string;
  /** `process.platform` of the machine the doctor runs on. */
  platform?: string;
  hostname?: string;
  node?: string;
  container?: { kind: 'docker' | 'podman' | 'kubernetes' | 'none' | 'unknown'; evidence?: string };
  wsl?: boolean;
  defaultGateway?: string;
  /** Interface carrying the default route (e.g. eth0). */
  defaultInterface?: string;
  addresses?: string[];
  /** Directly connected IPv4 networks from the routing table (`172.17.0.0/16` on docker0). */
  networks?: Array<{ iface: string; cidr: string }>;
  /** Container bridges on this host (docker0, br-<id>, podman0) with their own address. */
  bridges?: Array<{ iface: string; address: string; cidr?: string }>;
  openclaw?: {
    /** Any OpenClaw install or `openclaw` on PATH found. */
    installed?: boolean;
    cliVersion?: string;
    cliPath?: string;
    buildCommit?: string;
    /** Root of the package the `openclaw` on PATH runs. */
    activeRoot?: string;
    /** Every global install found (npm, pnpm, bun, nvm, install-cli.sh prefix). */
    installs?: Array<{ root: string; version?: string; commit?: string; builtAt?: string; via: string }>;
    /** Every `openclaw` on PATH, first one wins. */
    pathBinaries?: string[];
    /** `openclaw --version` when it had to be run (only if the PATH binary maps to no package). */
    versionCommand?: { ran: boolean; ms?: number; output?: string; version?: string; error?: string };
  };
  /** Version stamps in the config: meta.lastTouchedVersion, wizard.lastRunVersion. */
  configVersions?: { lastTouchedVersion?: string; lastRunVersion?: string; lastRunCommand?: string };
  services?: ServiceFact[];
  /** The port whose listeners were looked up. */
  gatewayPort?: number;
  listeners?: Array<{ port: number; address?: string; family?: 'IPv4' | 'IPv6'; inode?: number; pid?: number; command?: string }>;
  /**
   * true: the listeners' processes (pid, command) were not looked up, because no rule could read them on
   * this run (src/collectors/env/owners.ts); the facts derived from them are then absent, not false.
   */
  ownersNotLookedUp?: true;
  legacy?: string[];
  /** Dot paths (relative to env) holding secrets, e.g. `services.0.token`. */
  secrets?: string[];
  /** Comparisons rules read (flat booleans/strings), from the derive stage (src/derive/env.ts). */
  derived?: Record<string, unknown>;
  /** Milliseconds per fact group and in total. */
  timings?: Record<string, number>;
  unknown?: string[];
  [key: string]: unknown;
}

export interface VersionFact {
  /** Normalised OpenClaw version, e.g. `2026.2.22-1`. */
  value: string;
  source: 'flag' | 'paste' | 'config' | 'probe' | 'env';
  raw?: string;
}

export interface Facts {
  paste?: PasteFacts;
  config?: ConfigFacts;
  probe?: ProbeFacts;
  env?: EnvFacts;
  version?: VersionFact;
  /** Free-form extras rules can read (e.g. the --browser-url flag). */
  flags?: Record<string, unknown>;
  /**
   * Input that was given but not (fully) read, e.g. a stdin cut by --max-wait: not for rules; the
   * report lists it under `inputs.unexamined` (never "no problem found", exit 1).
   */
  unread?: Array<{ source: FactSource; what: string }>;
}

// ---------------------------------------------------------------- results

export type RuleStatus = 'pass' | 'fail' | 'skip' | 'error';

export interface Evidence {
  source: FactSource | 'flag';
  /** 1-based line number in the pasted text. */
  line?: number;
  text?: string;
  /**
   * Where in `text` the pattern matched (0-based): a long line is quoted as a window around it (the report's
   * redaction, src/shared/redact.ts quoteLine); never printed itself.
   */
  at?: number;
  file?: string;
  column?: number;
  /** JSON path of a fact (config, probe, env). */
  path?: string;
  value?: unknown;
}

export interface RuleResult {
  ruleId: string;
  status: RuleStatus;
  /** For skip: the missing facts; for error: what went wrong. */
  reason?: string;
  missing?: string[];
  evidence: Evidence[];
  captures: Record<string, string>;
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  status: 'fail';
  title: string;
  message: string;
  evidence: Evidence[];
  fix: Fix;
  specificity: number;
  /** Rules this finding outranked and hid. */
  supersedes?: string[];
  references?: string[];
  /**
   * Set on a possible cause from the fallback (src/engine/fallback/): `exact` when a localised
   * OpenClaw message named the rule, `lexical` when the ranker's words did (score and the words).
   * `releases`: the rule holds only in these OpenClaw releases and no version is known — check yours.
   */
  candidate?: { kind: 'exact' | 'lexical'; words: string[]; score?: number; language?: string; releases?: string[] };
}

export interface EngineOutput {
  findings: Finding[];
  /** Findings hidden because a more specific rule explained the same thing. */
  suppressed: Array<{ ruleId: string; by: string }>;
  results: RuleResult[];
}
