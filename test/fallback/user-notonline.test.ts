// review31a: a user rule's same-line exclusion (notOnLine) held in the engine but the lexical fallback
// then offered the rule as a candidate on the very line it rules out (by its title's words). Through the
// whole pipeline: CLI (stdin, --log, --follow, a > 2 MB log), api diagnose, with and without the rules cache.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/api/index.js';
import { runInProcess } from '../cli/run.js';

const ID = 'custom/widget-refused';
const RULE = {
  $schema: '../../schema/rule.schema.json',
  id: ID,
  title: 'Widget backend refused',
  category: 'other',
  severity: 'warning',
  when: { paste: { regex: 'widget backend refused', notOnLine: '(?:\\[(?:fancychan|telegram)\\]|\\bzork\\b|ärgerlich)' } },
  band: 'hint',
  specificity: 5,
  message: 'The widget backend refused.',
  fix: { tier: 'manual', steps: ['Restart the widget backend.'] },
};
const CASES = { $schema: '../../schema/cases.schema.json', rule: ID, positive: [{ paste: 'widget backend refused' }], negative: [{ paste: 'zork widget backend refused' }] };

function rulesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ckd-user-notonline-'));
  mkdirSync(join(dir, 'custom'));
  writeFileSync(join(dir, 'custom', 'widget-refused.json'), JSON.stringify(RULE));
  writeFileSync(join(dir, 'custom', 'widget-refused.cases.json'), JSON.stringify(CASES));
  return dir;
}
const DIR = rulesDir();
const CACHES = [{ CLAWKIT_DOCTOR_NO_CACHE: '1' }, { CLAWKIT_DOCTOR_CACHE_DIR: mkdtempSync(join(tmpdir(), 'ckd-user-notonline-cache-')) }];
// Excluded lines: the rule's own notOnLine rules each out (other products, a channel, case folding, mid-line).
const EXCLUDED = ['zork widget backend refused', '[fancychan] widget backend refused', '[FancyChan] widget backend refused', 'Ärgerlich: widget backend refused', '2026-12-07T08:00:00Z [telegram] widget backend refused (retrying)'];
const SHOWN = ['widget backend refused', '2026-12-07T08:00:00Z [gateway] widget backend refused', 'zorkish widget backend refused'];
const HEAD = '2026-12-07T08:00:00Z [gateway] ready\n';
const BASE = ['--no-probe', '--no-env', '--rules', DIR, '--json'];
const names = (stdout: string) => (JSON.parse(stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId);

describe('a user rule\'s notOnLine holds in the whole pipeline (review31a)', () => {
  it('stdin, with and without the rules cache: excluded lines give no finding or candidate, others do', async () => {
    for (const env of CACHES) {
      // Behind a line naming the gateway (lexicalNeedsName): the lexical ranker's case, the one the bug was in.
      for (const text of EXCLUDED) expect(names((await runInProcess(BASE, `${HEAD}${text}\n`, env)).stdout), text).not.toContain(ID);
      for (const text of SHOWN) expect(names((await runInProcess(BASE, `${HEAD}${text}\n`, env)).stdout), text).toContain(ID);
    }
  });

  it('--log FILE and --follow', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-user-notonline-log-'));
    for (const [i, text] of [...EXCLUDED, ...SHOWN].entries()) writeFileSync(join(dir, `${i}.log`), `${HEAD}${text}\n`);
    for (const extra of [[], ['--follow']]) {
      for (const [i, text] of [...EXCLUDED, ...SHOWN].entries()) {
        const r = await runInProcess([...BASE, '--log', join(dir, `${i}.log`), ...extra], undefined, CACHES[0]);
        const ids = extra.length ? r.stdout : names(r.stdout).join(' ');
        if (i < EXCLUDED.length) expect(ids, `${extra.join(' ')} ${text}`).not.toContain(ID);
        else expect(ids, `${extra.join(' ')} ${text}`).toContain(ID);
      }
    }
  });

  it('a > 2 MB --log (the scanner path): the excluded line gives nothing, a plain one fires', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-user-notonline-big-'));
    const filler = Array.from({ length: 40_000 }, (_x, i) => `2026-12-07T08:00:00Z [gateway] heartbeat ok seq=${i} ${'x'.repeat(20)}`).join('\n');
    expect(filler.length).toBeGreaterThan(2 * 1024 * 1024);
    for (const [text, fires] of [[EXCLUDED[0]!, false], [EXCLUDED[1]!, false], [SHOWN[0]!, true]] as const) {
      writeFileSync(join(dir, 'big.log'), `${filler}\n${text}\n${filler}\n`);
      const ids = names((await runInProcess([...BASE, '--log', join(dir, 'big.log')], undefined, CACHES[0])).stdout);
      if (fires) expect(ids, text).toContain(ID);
      else expect(ids, text).not.toContain(ID);
    }
  });

  it('api diagnose, with and without the rules cache', async () => {
    for (const env of CACHES) {
      const run = async (paste: string) => (await diagnose({ paste, rules: [DIR], probe: false, env: false, processEnv: { ...process.env, ...env } })).findings.map((f) => f.ruleId);
      // Behind a line naming the gateway: without one the lexical ranker offers nothing (lexicalNeedsName) and the test could not fail.
      for (const text of EXCLUDED) expect(await run(`${HEAD}${text}\n`), text).not.toContain(ID);
      for (const text of SHOWN) expect(await run(`${HEAD}${text}\n`), text).toContain(ID);
    }
  });
});
