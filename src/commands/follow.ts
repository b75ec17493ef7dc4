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
import { endEvent, findingEvent, followExitCode, type EventFormat } from '../report/events.js';
import { budgetNote, cutLinesNote, exitCodeFor, type FailOn } from '../report/report.js';
import { budgetOf } from '../shared/regex/budget.js';
import type { Redactor } from '../shared/redact.js';
import { publicProse } from '../report/public-prose.js';
import { runLinesOf } from '../rules/key-facts.js';
import { printableDeep } from '../shared/text/printable.js';
import type { Facts, Finding, Rule } from '../types.js';
import type { IO } from './diagnose.js';
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

  const examine = (firstLine: number, before: readonly string[] = []) => {
    const v = pickVersion(facts, ctx.versionInputs);
    if (v) facts.version = v;
    else delete facts.version;
    deriveFacts(facts);
    for (const f of evaluate(ctx.rules, facts).findings) {
      if (seen.has(f.ruleId)) continue;
      // A text event is read on a terminal: its controls are removed before the word secrets are
      // judged, so none is joined into one past the check (review24d F17, report/format.ts).
      const at = placed(f, firstLine, ctx.log);
      // The window's neighbours of a quoted line, numbered as `placed` numbers it.
      ctx.redactor.tellLines(windowLinesOf(facts, firstLine, before));
      const shown = ctx.redactor.redactJson(format === 'json' ? at : printableDeep(at), prose);
      seen.set(f.ruleId, shown);
      // Rendered from the redacted finding: a word secret was judged there (report/format.ts).
      io.stdout.write(ctx.redactor.redactRendered(findingEvent(shown, format, { chalk: ctx.chalk, cwd: io.cwd, ...(ctx.configFile ? { configFile: ctx.configFile } : {}), linesRead })));
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
        examine(b.firstLine, b.before);
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
