// The byte budget end to end at the product's own sizes (issue #13): two diagnose runs on 5–8 MB logs
// of 4 KiB kept lines, past the 2 MiB head and the 4 MiB tail (src/collectors/paste/read.ts). In the
// slow job since 2dc (~6 s CPU of the fast job's; notes/hostile-input.md): the reader's head and tail
// budget stays in the fast job at small sizes (test/paste/read.test.ts, "kept lines"; the report's
// wording, test/output/unexamined.test.ts), the errors buried in a huge log in large.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { diagnose, type IO } from '../../src/commands/diagnose.js';

describe('diagnose: a log whose kept lines are over the byte budget (issue #13)', () => {
  // Lines of 4 KiB that the EXTRA_ANCHORS keep (`requestId`) and no rule reads as a problem: past the
  // 2 MB kept whole every one is kept, so the kept text is the log's size. The head holds 2 MiB of
  // it, the tail the most recent 4 MiB: 6 MiB in all.
  function budgetLog(n: number): string {
    const pad = 'the nightly digest job finished its batch and wrote the summary row for this tenant ';
    const lines: string[] = [];
    for (let i = 1; i <= n; i++) {
      const head = `2026-03-04T16:${String(i % 60).padStart(2, '0')}:35.301Z [cron] digest batch done requestId=req-${i.toString(36)}x `;
      lines.push(head + pad.repeat(Math.ceil(4096 / pad.length)).slice(0, 4096 - head.length));
    }
    const dir = mkdtempSync(join(tmpdir(), 'ckd-budget-'));
    const f = join(dir, 'digest.log');
    writeFileSync(f, lines.join('\n') + '\n');
    return f;
  }

  async function diagnoseText(file: string, json: boolean, failOn: string): Promise<{ code: number; out: string }> {
    let out = '';
    const home = mkdtempSync(join(tmpdir(), 'ckd-home-'));
    const sink = { write: (s: string) => ((out += s), true), isTTY: false } as unknown as NodeJS.WriteStream;
    const io: IO = { stdin: Readable.from([]) as IO['stdin'], stdout: sink, stderr: sink, env: { NO_COLOR: '1', HOME: home }, cwd: home, homedir: home };
    const code = await diagnose({ json, log: file, probe: false, env: false, failOn }, io);
    return { code, out };
  }

  it('over it (8 MB of kept lines): the lines between the head and the tail are reported, never "no problem"', async () => {
    const f = budgetLog(2000);
    const { code, out } = await diagnoseText(f, true, 'error');
    const doc = JSON.parse(out) as { findings: unknown[]; inputs: { paste: { keptLines: number }; unexamined: Array<{ source: string; what: string }> }; summary: { exitCode: number } };
    expect(doc.findings).toEqual([]);
    // 2 MiB / 4097 bytes = 511 head lines; 4 MiB / 4096 = 1024 tail lines (977 to 2000).
    expect(doc.inputs.paste.keptLines).toBe(511 + 1024);
    expect(doc.inputs.unexamined).toEqual([
      {
        source: 'paste',
        what: "465 lines that could hold a match (between line 511 and line 977) were not examined: at most 6 MiB of such lines are kept, the first ones and the most recent (that byte budget was reached before the cap of 20000 lines). Pass that part of the log on its own (e.g. `sed -n '511,977p'`) to have it checked.",
      },
    ]);
    expect(code).toBe(1);
    expect(doc.summary.exitCode).toBe(1);
    // The human report says it too; --fail-on none: said, exit 0.
    const human = await diagnoseText(f, false, 'none');
    expect(human.code).toBe(0);
    expect(human.out).toContain('⚠ Not fully examined (paste): 465 lines that could hold a match (between line 511 and line 977)');
    expect(human.out).toContain('No connection problem found in what was examined, but part of the input was not examined (above).');
    expect(human.out).not.toContain('✔');
  });

  it('under it (5.3 MB of kept lines): every line is kept, ✔ and exit 0', async () => {
    const { code, out } = await diagnoseText(budgetLog(1300), false, 'error');
    expect(out).toContain('1300 lines from');
    expect(out).toContain('(large input: 1300 relevant lines kept)');
    expect(out).not.toContain('Not fully examined');
    expect(out).toContain('✔ No connection problem found in what was checked.');
    expect(code).toBe(0);
  });
});
