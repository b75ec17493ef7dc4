// --follow: diagnose a log that may never end. The config, environment and probe are read once;
// the log is matched window by window as it arrives (src/collectors/paste/follow.ts), each new
// finding is printed once, and end of input, SIGINT or SIGTERM print the summary and set the exit code.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { ChalkInstance } from 'chalk';
import { followStream, type FollowBatch } from '../collectors/paste/follow.js';
import { pasteFromString } from '../collectors/paste/read.js';
import { deriveFacts } from '../derive/index.js';
import { evaluate } from '../engine/evaluate.js';
import { pickVersion, type VersionInputs } from '../facts.js';
import { failureLines } from '../engine/fallback/recognise.js';
import { withoutLines } from '../engine/held.js';
import { loadLexiconIndex } from '../rules/lexicon.js';
import type { LexiconIndex } from '../engine/fallback/types.js';
import { endEvent, findingEvent, followExitCode, undiagnosedCapEvent, undiagnosedEvent, type EventFormat } from '../report/events.js';
import { budgetNote, cutLinesNote, exitCodeFor, type FailOn, type Report } from '../report/report.js';
import { budgetOf } from '../shared/regex/budget.js';
import type { Redactor } from '../shared/redact.js';
import { publicProse } from '../report/public-prose.js';
import { runLinesOf } from '../rules/key-facts.js';
import { printableDeep } from '../shared/text/printable.js';
import type { EngineOutput, Facts, Finding, Rule } from '../types.js';
import type { IO } from './diagnose.js';
import { wireFallback } from './fallback.js';
import { UsageError } from './rule-selection.js';

export interface FollowContext {
  io: IO;
  rules: Rule[];
  facts: Facts;
  versionInputs: VersionInputs;
  failOn: FailOn;
  redactor: Redactor;
  chalk: ChalkInstance;
  format: string;
  /** --log FILE (read to its end), else stdin. */
  log?: string;
  configFile?: string;
}

export function checkFollowFlags(flags: { format?: string; json?: boolean; output?: string; fix?: boolean; repair?: boolean; dryRun?: boolean }, format: string): void {
  if (!['human', 'json', 'github'].includes(format)) throw new UsageError(`--follow prints findings as they appear: --format human, json (NDJSON) or github, not ${format}`);
  if (flags.output) throw new UsageError('--follow writes to stdout; --output is for a finished report');
  if (flags.fix || flags.repair || flags.dryRun) throw new UsageError('--follow does not fix; run --fix on its own');
}

/** Evidence lines of the window are numbered from the start of the input; a --log file is named. */
function placed(f: Finding, firstLine: number, file: string | undefined): Finding {
  return {
    ...f,
    evidence: f.evidence.map((e) => (e.source === 'paste' ? { ...e, ...(e.line ? { line: e.line + firstLine - 1 } : {}), ...(file ? { file } : {}) } : e)),
  };
}

/**
 * A window's lines by input line number for the redactor: the window's own, then the lines just before it
 * (a token wrapped across the window's edge: its first piece has slid out of the window). Those are raw stream
 * lines, not the reader's kept forms: only read as a quoted line's neighbour (evidence never lies before the
 * window), so `side` does not apply to them.
 */
export function windowLinesOf(facts: Facts, firstLine: number, before: readonly string[]): (line: number, side: -1 | 1) => string | undefined {
  const inWindow = runLinesOf(facts, firstLine - 1);
  return (line, side) => (line < firstLine ? before[before.length - (firstLine - line)] : inWindow(line, side));
}

/** A path as a POSIX shell reads it back: bare when it holds only safe characters, else single-quoted. */
const shellQuote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** Undiagnosed blocks a follow run prints at most (each a distinct one): a stream is never silent, nor a flood. */
export const MAX_UNDIAGNOSED_BLOCKS = 3;

export async function followDiagnosis(ctx: FollowContext): Promise<number> {
  const { io, facts } = ctx;
  const format = ctx.format as EventFormat;
  const seen = new Map<string, Finding>();
  let linesRead = 0;
  // Lines a window's matching budget could not pay for (each window has its own, budget.ts).
  // Windows overlap: a line is counted once, in the first window past the previous one's end.
  const skipped = { count: 0, first: [] as number[], through: 0 };
  const write = (s: string) => io.stdout.write(ctx.redactor.redact(s));
  const prose = publicProse(ctx.rules);

  const show = (f: Finding, firstLine: number, before: readonly string[]) => {
    if (seen.has(f.ruleId)) return;
    // A text event is read on a terminal: its controls are removed before the word secrets are
    // judged, so none is joined into one past the check (review24d F17, report/format.ts).
    const at = placed(f, firstLine, ctx.log);
    // The window's neighbours of a quoted line, numbered as `placed` numbers it.
    ctx.redactor.tellLines(windowLinesOf(facts, firstLine, before));
    const shown = ctx.redactor.redactJson(format === 'json' ? at : printableDeep(at), prose);
    seen.set(f.ruleId, shown);
    // Rendered from the redacted finding: a word secret was judged there (report/format.ts).
    io.stdout.write(ctx.redactor.redactRendered(findingEvent(shown, format, { chalk: ctx.chalk, cwd: io.cwd, ...(ctx.configFile ? { configFile: ctx.configFile } : {}), linesRead })));
  };

  const examine = (firstLine: number, before: readonly string[] = []): EngineOutput => {
    const v = pickVersion(facts, ctx.versionInputs);
    if (v) facts.version = v;
    else delete facts.version;
    deriveFacts(facts);
    const output = evaluate(ctx.rules, facts);
    for (const f of output.findings) show(f, firstLine, before);
    return output;
  };

  // Never silent (issue #12 §7): on a window no rule matched, the fallback reads each input line once (the
  // window's lines it has not read yet), so its cost is one pass over the log, not one per overlapping
  // window. Possible causes are shown as findings are; else the undiagnosed block, each distinct one once.
  let fellBackThrough = 0;
  let index: LexiconIndex | undefined; // read once per run (loading hashes the 350 KB file)
  const blocks = new Set<string>();
  const fallBack = (output: EngineOutput, firstLine: number, before: readonly string[]) => {
    const paste = facts.paste!;
    const read = paste.kept.filter((l) => l.line + firstLine - 1 <= fellBackThrough).map((l) => l.line);
    fellBackThrough = linesRead;
    const unread = read.length ? withoutLines(paste, new Set(read)) : paste;
    // Of those, only the lines that show a failure: a window of a live log is mostly healthy lines.
    const failing = failureLines(unread, (index ??= loadLexiconIndex(ctx.rules)));
    if (!failing.size) return;
    const fresh = withoutLines(unread, new Set(unread.kept.filter((l) => !failing.has(l.line)).map((l) => l.line)));
    const answer = wireFallback(ctx.rules, { ...facts, paste: fresh }, output, index);
    for (const f of answer.candidates) show(f, firstLine, before);
    const u = answer.undiagnosed;
    if (answer.candidates.length || !u) return;
    const atInput: NonNullable<Report['undiagnosed']> = { ...u, notGateway: u.notGateway.map((n) => (n.line > 0 ? { ...n, line: n.line + firstLine - 1 } : n)) };
    ctx.redactor.tellLines(windowLinesOf(facts, firstLine, before));
    const shown = ctx.redactor.redactJson(format === 'json' ? atInput : printableDeep(atInput), prose);
    // Distinct by what it says, not where: the same block on every window of a long outage is said once.
    const key = JSON.stringify({ ...shown, notGateway: shown.notGateway.map((n) => n.why) });
    if (blocks.has(key)) return;
    blocks.add(key);
    io.stdout.write(ctx.redactor.redactRendered(undiagnosedEvent(shown, format, { chalk: ctx.chalk, linesRead })));
    // The fallback rests from here: say so once, with the command that reads the whole log (#12 §7, never silent).
    if (blocks.size === MAX_UNDIAGNOSED_BLOCKS) {
      const command = `clawkit-doctor --log ${ctx.log ? shellQuote(ctx.log) : 'FILE'}`;
      io.stdout.write(ctx.redactor.redactRendered(undiagnosedCapEvent(MAX_UNDIAGNOSED_BLOCKS, command, format, { chalk: ctx.chalk, linesRead })));
    }
  };

  // What the config, the environment and the probe show needs no log line.
  examine(1);
  const stream: Readable = ctx.log ? createReadStream(ctx.log) : io.stdin;
  const stop = new AbortController();
  let interrupted: 'SIGINT' | 'SIGTERM' | null = null;
  const onSignal = (sig: 'SIGINT' | 'SIGTERM') => () => {
    interrupted = sig;
    stop.abort();
  };
  const handlers = { SIGINT: onSignal('SIGINT'), SIGTERM: onSignal('SIGTERM') };
  process.once('SIGINT', handlers.SIGINT);
  process.once('SIGTERM', handlers.SIGTERM);
  try {
    const totals = await followStream(
      stream,
      async (b: FollowBatch) => {
        facts.paste = await pasteFromString(b.text, { source: ctx.log ? 'file' : 'stdin', ...(ctx.log ? { file: ctx.log } : {}) });
        linesRead = b.firstLine + b.text.split('\n').length - 1;
        const output = examine(b.firstLine, b.before);
        // As a normal run on this window: the fallback speaks only where no rule matched it.
        // Once it has said what to run next MAX_UNDIAGNOSED_BLOCKS times, the fallback rests (its cost stops too).
        if (!output.findings.length && blocks.size < MAX_UNDIAGNOSED_BLOCKS) fallBack(output, b.firstLine, b.before);
        for (const l of [...(budgetOf(facts.paste)?.skipped ?? [])].sort((x, y) => x - y)) {
          const at = l + b.firstLine - 1;
          if (at <= skipped.through) continue;
          skipped.count++;
          if (skipped.first.length < 5) skipped.first.push(at);
        }
        skipped.through = Math.max(skipped.through, linesRead);
      },
      { signal: stop.signal },
    );
    const findings = [...seen.values()];
    // As a normal run: what was not fully examined is said, and never passes as "no problem".
    const unexamined = [
      ...(totals.cut.count ? [cutLinesNote(totals.cut.count, totals.cut.first, Math.round(totals.cut.limitChars / 1024))] : []),
      ...(skipped.count ? [budgetNote(skipped.count, skipped.first)] : []),
    ];
    const end = { interrupted, read: { lines: totals.lines, bytes: totals.bytes }, findings, failOn: ctx.failOn, unexamined };
    write(endEvent(end, format, ctx.chalk));
    return followExitCode(end);
  } finally {
    process.off('SIGINT', handlers.SIGINT);
    process.off('SIGTERM', handlers.SIGTERM);
    // A stdin that never ends would keep the process alive after the summary.
    if (!ctx.log) io.stdin.destroy();
  }
}
