// One entry point per output format. Every format is rendered from the redacted report and the
// result is masked once more, so a secret reaches no output whatever the format quotes. A known
// secret that is a plain word is judged once, in the report (redactJson with the rules' own words,
// public-prose.ts): the second pass leaves it, so the renderers' and rules' words stay whole.
import type { ChalkInstance } from 'chalk';
import type { Rule } from '../types.js';
import type { Redactor } from '../shared/redact.js';
import { renderGithub, renderStepSummary } from './github.js';
import { renderHuman } from './human.js';
import { renderMarkdown } from './markdown.js';
import { REPORT_SCHEMA_URI, type Report } from './report.js';
import { renderSarif, type SarifFixEdit } from './sarif.js';
import { printableDeep } from '../shared/text/printable.js';
import { publicProse } from './public-prose.js';

export const FORMATS = ['human', 'json', 'sarif', 'github', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatContext {
  redactor: Redactor;
  /** Colours for the human format (level 0 when writing to a file or a pipe). */
  chalk: ChalkInstance;
  cwd: string;
  /** The rules that ran (SARIF lists them all). */
  rules: Rule[];
  sarifFixes?: Map<string, SarifFixEdit>;
}

export function renderFormat(format: Format, report: Report, ctx: FormatContext): string {
  const { redactor } = ctx;
  switch (format) {
    case 'json':
      return JSON.stringify({ $schema: REPORT_SCHEMA_URI, ...redactor.redactJson(report, publicProse(ctx.rules)) }, null, 2) + '\n';
    case 'sarif': {
      // Not redactJson on the log: it would mask the fingerprints (32 hex digits look like a key).
      // What comes from the inputs is masked before: the report, and the config text of fixes.
      // The fix's description is its finding's summary (or title): masked as that finding's prose.
      const prose = publicProse(ctx.rules);
      const described = (ruleId: string, text: string) => redactor.redactJson({ ruleId, fix: { summary: text } }, prose).fix.summary;
      const fixes = ctx.sarifFixes && new Map([...ctx.sarifFixes].map(([id, e]) => [id, { ...e, insertedContent: redactor.redactConfig(e.insertedContent), description: described(id, e.description) }]));
      return JSON.stringify(renderSarif(redactor.redactJson(report, prose), { rules: ctx.rules, cwd: ctx.cwd, ...(fixes ? { fixes } : {}) }), null, 2) + '\n';
    }
    case 'github':
      return redactor.redactRendered(renderGithub(printableSafe(report, ctx), ctx.cwd));
    case 'markdown':
      return redactor.redactRendered(renderMarkdown(printableSafe(report, ctx)));
    case 'human':
      return redactor.redactRendered(renderHuman(printableSafe(report, ctx), ctx.chalk));
  }
}

/** The summary table the GitHub format appends to $GITHUB_STEP_SUMMARY, made as the text formats are (review24d F17). */
export function renderStepSummaryText(report: Report, ctx: Pick<FormatContext, 'redactor' | 'rules' | 'cwd'>): string {
  return ctx.redactor.redactRendered(renderStepSummary(printableSafe(report, ctx), ctx.cwd));
}

/**
 * The text formats are read on a terminal or a web page: no control sequence from a gateway or a
 * paste reaches them (JSON and SARIF escape controls as \u001b, so their data stays as recorded).
 * Controls are removed before the word secrets are judged (review24d F17): `gate\u0001way` stripped
 * after redaction would become the token "gateway" past the only check that masks it.
 */
export function printableSafe<T>(value: T, ctx: Pick<FormatContext, 'redactor' | 'rules'>): T {
  return ctx.redactor.redactJson(printableDeep(value), publicProse(ctx.rules));
}
