// "Never a false no-problem" (issue #9 §3): every way input can go unread or unevaluated — a stdin
// cut by --max-wait or open and silent past the first-byte wait, lines over the kept-lines cap, a
// rule that failed to run — is listed under inputs.unexamined, shown in every format, never reads
// as "✔ No connection problem found", and is exit 1 unless --fail-on none.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { buildReport, type FailOn } from '../../src/report/report.js';
import { renderHuman } from '../../src/report/human.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderGithub } from '../../src/report/github.js';
import { renderSarif } from '../../src/report/sarif.js';
import type { EngineOutput, Facts, RuleResult } from '../../src/types.js';

const plain = new Chalk({ level: 0 });

async function reportOf(facts: Facts, results: RuleResult[] = [{ ruleId: 'a/ok', status: 'pass', evidence: [], captures: {} }], failOn: FailOn = 'error') {
  const output: EngineOutput = { findings: [], suppressed: [], results };
  return buildReport({ toolVersion: '0.0.0', facts, output, failOn, inputs: { config: null, probe: null, env: null, rules: { count: results.length, extraDirs: [] }, notCollected: [] } });
}

/** The report in every format, as text. */
function everyFormat(r: Awaited<ReturnType<typeof reportOf>>) {
  return {
    human: renderHuman(r, plain),
    markdown: renderMarkdown(r),
    github: renderGithub(r, '/'),
    sarif: JSON.stringify(renderSarif(r, { cwd: '/', rules: [] })),
  };
}

describe('input not examined is never "no problem"', () => {
  it('control: a paste read whole with every rule run is ✔, exit 0', async () => {
    const r = await reportOf({ paste: await pasteFromString('gateway heartbeat ok\n') });
    expect(r.inputs.unexamined).toEqual([]);
    expect(r.summary.exitCode).toBe(0);
    expect(renderHuman(r, plain)).toContain('✔ No connection problem found');
  });

  const cases: Array<[string, () => Promise<{ facts: Facts; results?: RuleResult[] }>, RegExp]> = [
    [
      'a stdin cut by --max-wait (facts.unread)',
      async () => ({ facts: { paste: await pasteFromString('gateway heartbeat ok\n'), unread: [{ source: 'paste', what: 'stdin was still open after --max-wait 4 s: …' }] } }),
      /stdin was still open after --max-wait 4 s/,
    ],
    [
      'more lines that could match than are kept (paste.unkept)',
      async () => ({ facts: { paste: await pasteFromString(Array.from({ length: 30 }, (_, i) => `pairing required #${i + 1}`).join('\n'), { maxKept: 10 }) } }),
      /20 lines that could hold a match \(between line 5 and line 26\) were not examined: at most 10 such lines are kept \(the first 5 and the most recent\)\. /,
    ],
    [
      'more text of lines that could match than is kept (paste.unkept, the byte budget)',
      async () => ({ facts: { paste: await pasteFromString(Array.from({ length: 30 }, (_, i) => `pairing required #${i + 1}`).join('\n'), { keptHeadBytes: 100, keptTailBytes: 124 }) } }),
      /^19 lines that could hold a match \(between line 5 and line 25\) were not examined: at most 224 bytes of such lines are kept, the first ones and the most recent \(that byte budget was reached before the cap of 20000 lines\)\. .*`sed -n '5,25p'`/,
    ],
    [
      'a rule that failed to run',
      async () => ({ facts: { paste: await pasteFromString('gateway heartbeat ok\n') }, results: [{ ruleId: 'a/broken', status: 'error', reason: 'Invalid regular expression', evidence: [], captures: {} }] }),
      /1 rule could not be evaluated \(a\/broken; reasons under `errors` in --json\)/,
    ],
  ];
  for (const [name, make, note] of cases) {
    it(name, async () => {
      const { facts, results } = await make();
      const r = await reportOf(facts, results);
      expect(r.inputs.unexamined.map((u) => u.what)).toEqual([expect.stringMatching(note)]);
      expect(r.summary.exitCode).toBe(1);
      const out = everyFormat(r);
      expect(out.human).toMatch(/^⚠ Not fully examined \(\w+\): /m);
      expect(out.human).not.toContain('✔');
      for (const text of Object.values(out)) expect(text).toMatch(/not fully examined/i);
      expect(out.markdown).not.toContain('No connection problem found in what was checked');
      expect(JSON.parse(out.sarif).runs[0].invocations[0]).toMatchObject({ exitCode: 1, toolExecutionNotifications: [{ level: 'warning' }] });
      // --fail-on none: said, but exit 0.
      const none = await reportOf(facts, results, 'none');
      expect(none.inputs.unexamined).toHaveLength(1);
      expect(none.summary.exitCode).toBe(0);
    });
  }
});

describe('an implicit stdin (no --log) that stays open and silent', () => {
  // The doctor's diagnose command in this process, with a short first-byte wait (io.stdinWaitMs).
  async function diagnoseWith(stdin: import('node:stream').Readable, failOn = 'error') {
    const { diagnose } = await import('../../src/commands/diagnose.js');
    const { PassThrough } = await import('node:stream');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const io = { stdin: Object.assign(stdin, { isTTY: false }), stdout: out as unknown as NodeJS.WriteStream, stderr: new PassThrough() as unknown as NodeJS.WriteStream, env: { NO_COLOR: '1' }, cwd: process.cwd(), homedir: mkdtempSync(join(tmpdir(), 'ckd-silent-')), stdinWaitMs: 50 };
    const code = await diagnose({ json: true, probe: false, env: false, failOn }, io);
    await new Promise((r) => setImmediate(r));
    return { code, report: JSON.parse(text) as { inputs: { unexamined: Array<{ source: string; what: string }>; notCollected: Array<{ source: string; why: string }> }; summary: { exitCode: number } } };
  }

  it('is input not examined (exit 1), not "no text given"; a stdin that ends empty is no paste (exit 0)', async () => {
    const { Readable } = await import('node:stream');
    const silent = await diagnoseWith(new Readable({ read() {} }));
    expect(silent.report.inputs.unexamined).toEqual([{ source: 'paste', what: expect.stringMatching(/^stdin stayed open with nothing on it for 0\.05 s, so it was not read/) }]);
    expect(silent.report.inputs.notCollected.filter((n) => n.source === 'paste')).toEqual([]);
    expect(silent.code).toBe(1);
    expect((await diagnoseWith(new Readable({ read() {} }), 'none')).code).toBe(0);
    const empty = await diagnoseWith(Readable.from([]));
    expect(empty.report.inputs.unexamined).toEqual([]);
    expect(empty.report.inputs.notCollected.filter((n) => n.source === 'paste').map((n) => n.why)).toEqual(['no text given (pipe a log or use --log FILE)']);
    expect(empty.code).toBe(0);
  });
});
