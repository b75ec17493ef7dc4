// End to end through the diagnose command: errors buried in multi-megabyte logs are found, and a
// rule's context matcher is satisfied from the lines around its anchor (and only from there).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { diagnose, type IO } from '../../src/commands/diagnose.js';

const FILLER = (i: number) => `2026-03-04T16:${String(i % 60).padStart(2, '0')}:35.301Z [cron] job tick name=digest run=${i} queue=${i % 7} durationMs=${(i * 7919) % 1000}`;

/** A log of `n` filler lines with `at` (1-based line -> text) replacing some of them. */
function writeLog(n: number, at: Map<number, string>): string {
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) lines.push(at.get(i) ?? FILLER(i));
  const dir = mkdtempSync(join(tmpdir(), 'ckd-large-'));
  const f = join(dir, 'gateway.log');
  writeFileSync(f, lines.join('\n') + '\n');
  return f;
}

interface Finding {
  ruleId: string;
  status: string;
  evidence: Array<{ source: string; line?: number; text?: string }>;
}

async function run(file: string): Promise<{ code: number; doc: { findings: Finding[]; inputs: { paste: { sampled: boolean; lines: number } } } }> {
  let out = '';
  const home = mkdtempSync(join(tmpdir(), 'ckd-home-'));
  const sink = { write: (s: string) => ((out += s), true), isTTY: false } as unknown as NodeJS.WriteStream;
  const io: IO = { stdin: Readable.from([]) as IO['stdin'], stdout: sink, stderr: sink, env: { NO_COLOR: '1', HOME: home }, cwd: home, homedir: home };
  const code = await diagnose({ json: true, log: file, probe: false }, io);
  return { code, doc: JSON.parse(out) };
}

const ids = (fs: Finding[]) => fs.map((f) => f.ruleId);

describe('diagnose: errors buried in a huge log', () => {
  it('finds them, with a context matcher satisfied from the lines around the anchor', async () => {
    const f = writeLog(
      40_000, // ~3.9 MB: past the 2 MB kept whole
      new Map([
        [25_000, 'open the dashboard at http://192.168.1.20:18789/ from the laptop'],
        [25_006, '2026-03-04T16:31:02.101Z [ws] closed before connect conn=77 remote=192.168.1.30 fwd=n/a code=1008 reason=pairing required'],
        [39_000, 'gateway connect failed: Error: unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)'],
      ]),
    );
    const { code, doc } = await run(f);
    expect(code).toBe(1);
    expect(doc.inputs.paste.sampled).toBe(true);
    expect(doc.inputs.paste.lines).toBe(40_000);
    const browser = doc.findings.find((x) => x.ruleId === 'pairing/control-ui-new-browser');
    expect(browser, ids(doc.findings).join(', ')).toBeDefined();
    expect(browser!.evidence.map((e) => e.line)).toEqual([25_000, 25_006]);
    const token = doc.findings.find((x) => x.ruleId === 'token-auth/gateway-token-mismatch');
    expect(token?.evidence[0]?.line).toBe(39_000);
  });

  it('does not pair an error with context found far away from it', async () => {
    const f = writeLog(
      40_000,
      new Map([
        [24_000, 'open the dashboard at http://192.168.1.20:18789/ from the laptop'],
        [25_006, '2026-03-04T16:31:02.101Z [ws] closed before connect conn=77 remote=192.168.1.30 fwd=n/a code=1008 reason=pairing required'],
      ]),
    );
    const { doc } = await run(f);
    expect(ids(doc.findings)).not.toContain('pairing/control-ui-new-browser');
    const generic = doc.findings.find((x) => x.ruleId === 'pairing/pairing-required' || x.ruleId === 'docker-nat/pairing-maybe-docker-nat');
    expect(generic, ids(doc.findings).join(', ')).toBeDefined();
    expect(generic!.evidence[0]!.line).toBe(25_006);
  });
});

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
