// The answer when no rule explains a paste strongly: possible causes (exact localised OpenClaw
// messages first, then the lexical ranker's candidates), and when there are none, what was
// recognised and the commands that would give a diagnosis. Candidates are findings marked
// `candidate` (never above warning, never an automatic fix); the rest is not a finding at all.
import type { Condition, EngineOutput, Evidence, Facts, Finding, LineRef, PasteFacts, Rule, Severity } from '../../types.js';
import { renderTemplate, type TemplateValues } from '../template.js';
import { satisfies } from '../../shared/version/calver.js';
import { rankCandidates } from './rank.js';
import { containsAny, explainedLines, looksLikeConnection, namesOpenClaw, notGatewayNotes, opensAsFeature, otherEndpointNote, recognise, excludedCategories, type NotGatewayNote, type Recognised } from './recognise.js';
import type { LexiconIndex } from './types.js';
import { GUIDE_TEXT, isOrReads, notReporting, withoutLines } from '../held.js';
import { RuledOutLines } from './ruled-out.js';

export interface Undiagnosed {
  recognised: Recognised;
  /** Texts that are not the gateway's problem, and why. */
  notGateway: NotGatewayNote[];
  /** Commands that would give a diagnosis. */
  next: string[];
}

export interface FallbackAnswer {
  candidates: Finding[];
  undiagnosed?: Undiagnosed;
}

/** Whether the fallback has anything to add: a paste and no finding at least `strong` specific. */
export function needsFallback(facts: Facts, output: EngineOutput, strong: number): boolean {
  return Boolean(facts.paste?.kept.length) && !output.findings.some((f) => f.specificity >= strong);
}

const notAfterRes = new WeakMap<readonly string[], RegExp[]>();
/** Whether the rest of the line after a hit reads as a condition (lexicon `exactNotAfter`). */
function conditional(sources: readonly string[] | undefined, rest: string): boolean {
  if (!sources) return false;
  let res = notAfterRes.get(sources);
  if (!res) notAfterRes.set(sources, (res = sources.map((r) => new RegExp(r, 'i'))));
  return res.some((r) => r.test(rest));
}

function exactHits(lines: LineRef[], index: LexiconIndex): Array<{ ruleId: string; line: LineRef; text: string; language: string }> {
  const lower = lines.map((l) => l.text.toLowerCase());
  // One pass over the whole text per message; the line is looked up only for a hit.
  const all = lower.join('\n');
  const out = [];
  let named: boolean | undefined;
  for (const e of index.exact) {
    const needle = e.text.toLowerCase();
    if (!all.includes(needle)) continue;
    // Common wording (lexicon `exactNeedsName`) counts only in a paste that names OpenClaw.
    if (e.needsName && !(named ??= namesOpenClaw(lines, index))) continue;
    // The first line whose hit is not a condition ("…場合は", "…을 때"): a guide's advice names no fault.
    const i = lower.findIndex((l) => l.includes(needle) && !conditional(e.notAfter, l.slice(l.indexOf(needle) + needle.length)));
    if (i >= 0) out.push({ ruleId: e.ruleId, line: lines[i]!, text: e.text, language: e.language });
  }
  // Longest text first: "gateway token 不匹配" explains more than a shorter phrase inside it.
  return out.sort((a, b) => b.text.length - a.text.length || a.line.line - b.line.line);
}

function candidateFinding(rule: Rule, values: TemplateValues, severity: Severity, lines: LineRef[], candidate: NonNullable<Finding['candidate']>): Finding {
  const cap: Severity = rule.severity === 'info' ? 'info' : severity;
  const evidence: Evidence[] = lines.map((l) => ({ source: 'paste', line: l.line, text: l.text }));
  return {
    ruleId: rule.id,
    category: rule.category,
    severity: cap,
    status: 'fail',
    title: rule.title,
    message: renderTemplate(rule.message, values),
    evidence,
    // A guess never edits a config: the steps are shown, the patch is not offered.
    fix: {
      tier: 'manual',
      ...(rule.fix.summary ? { summary: renderTemplate(rule.fix.summary, values) } : {}),
      steps: rule.fix.steps.map((s) => renderTemplate(s, values)),
      ...(rule.fix.commands ? { commands: rule.fix.commands.map((c) => renderTemplate(c, values)) } : {}),
      ...(rule.fix.docs ? { docs: [...rule.fix.docs] } : {}),
    },
    specificity: 0,
    candidate,
  };
}

export function versionRanges(when: Condition): string[] {
  // `resolved`: the loader's reading of a behaviour condition (an unresolved one restricts nothing).
  // A range under `not` names the releases where the rule does NOT hold: it restricts nothing here.
  if ('not' in when) return [];
  if ('all' in when || 'any' in when) return ('all' in when ? when.all : when.any).flatMap(versionRanges);
  return 'version' in when ? [when.version.range ?? when.version.resolved ?? []].flat() : [];
}

/**
 * A release-specific cause is suggested for a known version in one of its ranges. With no version
 * known (`unknownOk`) it is suggested too, with its releases to check — but only when nothing else is.
 */
function versionFits(rule: Rule, facts: Facts, unknownOk = false): boolean {
  const ranges = versionRanges(rule.when);
  if (!ranges.length) return true;
  const v = facts.version?.value;
  return v ? ranges.some((r) => satisfies(v, r)) : unknownOk;
}

/**
 * A client that is not OpenClaw's own CLI or Control UI (a third-party panel, a desktop or phone
 * app, an installer/wrapper) often hangs without any error. The honest next step is to take it
 * out of the picture: does the gateway answer its own probe and its own Control UI?
 */
const CLIENT_OUT_OF_PICTURE = ['openclaw gateway probe', 'openclaw dashboard --no-open'];
const appNote = (what: string, fix: string) =>
  `${what}: if \`openclaw gateway probe\` answers and \`openclaw dashboard\` connects, the gateway is fine and ${fix} is what to fix`;

export const CLIENT_KIND_NEXT: Record<string, { note: string; commands: string[] }> = {
  'third-party': { note: appNote('a third-party client or panel', 'the client (its URL, token, protocol version)'), commands: CLIENT_OUT_OF_PICTURE },
  desktop: { note: appNote('a desktop or tray app', 'the app (its gateway URL, token, SSH tunnel or version)'), commands: CLIENT_OUT_OF_PICTURE },
  'macos-app': { note: appNote('the macOS app', 'the app (its connection settings or version)'), commands: CLIENT_OUT_OF_PICTURE },
  mobile: {
    note: 'a phone app: check the gateway answers (`openclaw gateway probe`) and whether the phone waits for approval (`openclaw devices list`)',
    commands: ['openclaw gateway probe', 'openclaw devices list'],
  },
  installer: {
    note: 'an installer or wrapper: first check that it left a gateway running on the machine it installed to (`openclaw gateway status --deep` there)',
    commands: [],
  },
};

function nextCommands(r: Recognised): string[] {
  const url = r.endpoints.find((e) => /^(?:wss?|https?):\/\//.test(e));
  const byClient = r.clients.flatMap((k) => CLIENT_KIND_NEXT[k]?.commands ?? []);
  return [
    'openclaw gateway status --deep',
    ...new Set(byClient),
    'openclaw logs --limit 200 --plain | clawkit-doctor',
    url ? `clawkit-doctor --url ${url}` : 'clawkit-doctor',
    'openclaw doctor',
  ];
}

/** The note for a paste about another product's gateway (paste.derived.gatewayOwner `other`), else undefined. */
export function ownerNote(facts: Facts): NotGatewayNote | undefined {
  const d = facts.paste?.derived;
  if (d?.gatewayOwner !== 'other') return undefined;
  const product = d.ownerProduct ?? 'another product';
  return {
    why: `this looks like the gateway of ${product} (${d.ownerClass ?? 'another product'}), not OpenClaw's: no line names OpenClaw, its CLI, its ports (18789/19001), its config or its error codes`,
    line: d.ownerLine ?? 0,
    text: d.ownerText ?? '',
    owner: product,
  };
}

/**
 * Another line says reaching the gateway fails: a lexicon complaint phrase, a close code or an error
 * class — or, unless `feature` (the feature/question check), a `complaintNamed` phrase on a line that
 * names OpenClaw.
 */
function complains(rest: PasteFacts, index: LexiconIndex, feature = false): boolean {
  const r = recognise(rest, index);
  if (r.closeCodes.length || r.errorClasses.length) return true;
  if (containsAny(rest.kept.map((l) => l.text).join('\n'), index.complaint ?? []).length > 0) return true;
  return !feature && rest.kept.some((l) => containsAny(l.text, index.complaintNamed ?? []).length > 0 && namesOpenClaw([l], index));
}

/** The ports this gateway is known to use: the derive stage's effective port and remote URL port, the environment's, the probe's target. */
function gatewayPortsOf(facts: Facts): Set<number> {
  const d = facts.config?.derived;
  const probePort = facts.probe?.url ? /^[a-z]{2,5}:\/\/(?:\[[^\]]{1,64}\]|[^/:?#]{1,253}):(\d{1,5})/i.exec(facts.probe.url)?.[1] : undefined;
  const ports = [d?.effectivePort, d?.remoteUrlPort, facts.env?.gatewayPort, probePort === undefined ? undefined : Number(probePort)];
  return new Set(ports.filter((p): p is number => typeof p === 'number'));
}

/** Whether a line names one of these ports as a number of its own (not inside a longer number). */
function namesPort(text: string, ports: ReadonlySet<number>): boolean {
  const digit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  for (const port of ports) {
    const s = String(port);
    for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) if (!digit(text[i - 1]) && !digit(text[i + s.length])) return true;
  }
  return false;
}

/**
 * The note for a guide, tutorial or troubleshooting page (paste.derived.textKind `guide`) whose quoted
 * error lines the engine held back: it mentions them, nobody in it has them. Undefined otherwise.
 */
export function guideNote(facts: Facts, output: EngineOutput): NotGatewayNote | undefined {
  const d = facts.paste?.derived;
  if (d?.textKind !== 'guide') return undefined;
  const held = output.results.filter((r) => r.status === 'pass' && r.reason?.startsWith('mentioned: ')).map((r) => r.ruleId);
  const line = d.textKindLine ?? 0;
  return {
    why: `this text ${isOrReads(d.textKindBy)} ${GUIDE_TEXT} that quotes ${held.length ? `${held.length} failure mode${held.length === 1 ? '' : 's'}` : 'error lines'}, and no one in it reports having ${held.length === 1 ? 'it' : 'them'}${held.length ? ` (it mentions what ${held.slice(0, 3).join(', ')} explain${held.length === 1 ? 's' : ''} — if you see one of them yourself, paste your own output)` : ''}`,
    line,
    text: facts.paste?.kept.find((l) => l.line === line)?.text.slice(0, 240) ?? '',
    mentioned: true,
  };
}

/** A fresh empty `Recognised` (the report may be mutated downstream: no shared instance). */
const nothingRecognised = (): Recognised => ({ clients: [], versions: [], errorClasses: [], closeCodes: [], endpoints: [], words: [] });

export function answerFallback(rules: Rule[], facts: Facts, output: EngineOutput, index: LexiconIndex): FallbackAnswer {
  if (!facts.paste) return { candidates: [] };
  // Rows that hold what rests only on them (a heading's guide, a catalogue's entries, a report's
  // troubleshooting table: paste.derived.heldRows) feed no guess: the fallback reads the other lines.
  const rows = facts.paste.derived?.heldRows;
  const paste = rows?.length ? withoutLines(facts.paste, new Set(rows)) : facts.paste;
  const lines = paste.kept;
  const byId = new Map(rules.map((r) => [r.id, r]));
  const values: TemplateValues = { ...(facts.version ? { version: facts.version.value } : {}), ...(facts.config ? { configPath: facts.config.path } : {}) };
  const taken = new Set<string>(output.findings.map((f) => f.category));
  const candidates: Finding[] = [];
  const max = index.model.maxCandidates;

  // Another product's gateway and no OpenClaw marker (src/derive/owner.ts): say whose gateway it
  // looks like instead of guessing an OpenClaw cause from generic words.
  // A guide that holds only its rows is a guide's note only while nothing fired on the other lines; when a rule
  // did, those lines are a report beside the guide and the fallback works on them.
  const guide = guideNote(facts, output);
  const owner = ownerNote(facts) ?? (rows?.length && output.findings.length ? undefined : guide);
  // A text judged a guide by its shape says only that (review17b): no "looks like a connection
  // problem" and no commands beside "quoted, not reported", and none of the recognisers' work on
  // a paste whose failure lines were held (a 1 MB guide paid for them after the hold).
  if (owner?.mentioned && facts.paste?.derived?.textKindBy === 'shape' && !output.findings.length) {
    return { candidates, undiagnosed: { recognised: nothingRecognised(), notGateway: [owner], next: [] } };
  }
  // A text that describes, proposes or tracks the failure (src/derive/speaker.ts) quotes it: no guess from its words.
  const quoted = notReporting(facts.paste.derived?.speaker);
  // OpenClaw's own message found verbatim stands even on a line its rule's exclusion rules out: those exclusions
  // read English log lines and misread the prose around a localized UI text ("我的 telegram bot 不回复了，控制台显示
  // 异常关闭 (1006)", "My slack bot is fine. The Control UI shows 异常关闭 (1006)": review31i). User rules have no
  // exact messages; their gap (review31a) was the lexical candidate below.
  for (const hit of owner || quoted ? [] : exactHits(lines, index)) {
    const rule = byId.get(hit.ruleId);
    if (!rule || taken.has(rule.category) || candidates.length >= max) continue;
    taken.add(rule.category);
    candidates.push(candidateFinding(rule, values, 'warning', [hit.line], { kind: 'exact', words: [hit.text], language: hit.language }));
  }

  // Another program's service (no line names OpenClaw, only ports that are not its own) is said to be that.
  // A port the user's gateway is known to use (config, environment, probe) is the gateway's, whatever
  // a lexicon line says about "another service's port".
  const ports = gatewayPortsOf(facts);
  const otherService = owner ? undefined : otherEndpointNote(paste, index, ports);
  const notes = [...(owner ? [owner] : []), ...(otherService ? [otherService] : []), ...notGatewayNotes(lines, index).filter((n) => !namesPort(n.text, ports))];
  // Someone else's failure (a provider, a channel, the browser tool) is not ranked as a gateway cause,
  // nor is a feature/docs/deployment description that reports no failure: its gateway words say
  // what it adds (pairing, bind, wss), not what fails. A failure quoted in it (a complaint, a close
  // code, an error class) keeps the ranking; OpenClaw's own messages (exact hits above) always count.
  const feature = opensAsFeature(lines, index) && !complains(paste, index, true);
  // Every ranked cause is an OpenClaw gateway's: a paste naming none of OpenClaw, its gateway, dashboard or
  // pairing (lexicon `names`, any line) is another program's report, whatever generic words it shares —
  // unless this run read an OpenClaw config: then the machine itself names OpenClaw (review31d).
  const unnamed = index.model.lexicalNeedsName === true && !facts.config?.found && !namesOpenClaw(facts.paste.kept, index);
  // A text that tells its reader what to do, or asks without naming a failure (src/derive/address.ts), reports
  // none: its words say what it is about, not what fails (Round 37b). OpenClaw's verbatim messages above still count.
  const addressed = facts.paste.derived?.textAddress !== undefined;
  if (!notes.length && candidates.length < max && !feature && !quoted && !unnamed && !addressed) {
    // A category a line rules out, or whose precondition no line shows, drops its rules. A single rule
    // whose own precondition no line shows (lexicon `needs` … `rules`) is not suggested, but its words
    // still count for its category (rank.ts `suggest`).
    const excluded = excludedCategories(lines, index);
    // A rule is not offered from lines the engine ruled out for it (its own notOnLine), nor a sibling from them.
    const ruled = new RuledOutLines(facts.paste);
    const fits = (unknownOk: boolean) => (id: string) => byId.has(id) && !excluded.has(byId.get(id)!.category) && versionFits(byId.get(id)!, facts, unknownOk);
    const suggest = (id: string, on: readonly LineRef[]) => !excluded.has(id) && ruled.left(byId.get(id)!, on);
    const dropped = (category: string) => ruled.droppedFrom(category);
    let ranked = rankCandidates(index, lines, taken, fits(false), suggest, dropped);
    // Nothing else to say and no version known: a cause held only by its releases is still the best
    // lead, shown with the releases it holds in (a known version outside them keeps it held). It is
    // weaker evidence (most pastes are not from its releases): `versionUnknownFactor` × the threshold.
    const bar = index.model.threshold * (index.model.versionUnknownFactor ?? Infinity);
    if (!ranked.length && !facts.version && !output.findings.length && !candidates.length) ranked = rankCandidates(index, lines, taken, fits(true), suggest, dropped).filter((c) => c.score >= bar);
    for (const c of ranked) {
      const rule = byId.get(c.ruleId);
      if (!rule || candidates.length >= max) continue;
      const releases = facts.version ? [] : versionRanges(rule.when);
      candidates.push(candidateFinding(rule, values, 'info', c.lines, { kind: 'lexical', score: c.score, words: c.words, ...(releases.length ? { releases } : {}) }));
    }
  }

  if (output.findings.length || candidates.length) return { candidates };
  const recognised = recognise(paste, index);
  if (!notes.length && !looksLikeConnection(recognised)) return { candidates };
  // A note explains its own lines only: a complaint about the gateway on other lines (a dashboard that
  // cannot connect beside an npm EBUSY line) still gets the commands to run next. Another product's
  // gateway (the owner note) and another program's endpoint cover the whole paste.
  // A note that says the gateway itself serves (`clientSide`) leaves its own line's complaint standing:
  // a client that cannot reach a serving gateway is the connection problem the commands are for.
  // Every line a note's pattern explains (not only the first of each kind), never a line naming the gateway's port.
  const explained = new Set([...notes.filter((n) => !n.clientSide), ...explainedLines(lines, index).filter((l) => !namesPort(l.text, ports))].map((n) => n.line));
  const elsewhere = !owner && !otherService && notes.length > 0 && complains(withoutLines(paste, explained), index);
  // An error class (ECONNREFUSED…) on a port that only may be another program's still gets the commands.
  const next = notes.length && !recognised.closeCodes.length && !elsewhere && !(otherService && recognised.errorClasses.length) ? [] : nextCommands(recognised);
  return { candidates, undiagnosed: { recognised, notGateway: notes, next } };
}
