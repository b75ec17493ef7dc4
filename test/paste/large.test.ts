// End to end through the diagnose command: errors buried in multi-megabyte logs are found, and a
// rule's context matcher is satisfied from the lines around its anchor (and only from there). The
// kept lines' byte budget at the product's sizes (5–8 MB): large-budget.test.ts, in the slow job.
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
