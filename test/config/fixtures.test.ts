// Real config shapes (corpus snippets, seeds, real-gateway variants): each fixture has its expected
// findings with positions and, when fixable, the expected fixed file, compared byte for byte.
import { copyFileSync, chmodSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import { runFix } from '../../src/fixer/index.js';
import { configRules, factsFor, ROOT, tempDir } from '../fixer/helpers.js';

const FX = path.join(ROOT, 'fixtures/config');

interface Expect {
  openclawVersion?: string;
  /** The proxy's address as given with --proxy-ip. */
  proxyIp?: string;
  findings: string[];
  positions: Record<string, string>;
  fix: { mode: 'yes' | 'safe'; status: string; applied: string[]; remaining: string[] };
}

const names = readdirSync(FX)
  .filter((n) => n.endsWith('.json5') && !n.endsWith('.fixed.json5'))
  .map((n) => n.replace(/\.json5$/, ''));

function comments(text: string): string[] {
  return [...text.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)].map((m) => m[0].trim());
}

describe('config fixtures', () => {
  it('has fixtures from the corpus, the seeds and the real-gateway runs', () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
    expect(names.filter((n) => n.startsWith('corpus-')).length).toBeGreaterThanOrEqual(12);
    expect(names.filter((n) => n.startsWith('seed-')).length).toBeGreaterThanOrEqual(5);
    for (const n of names) expect(existsSync(path.join(FX, `${n}.expect.json`)), `${n}.expect.json`).toBe(true);
  });

  for (const name of names) {
    it(name, async () => {
      const exp = JSON.parse(readFileSync(path.join(FX, `${name}.expect.json`), 'utf8')) as Expect;
      const original = readFileSync(path.join(FX, `${name}.json5`), 'utf8');
      const dir = tempDir('ckd-fx-');
      const p = path.join(dir, 'openclaw.json');
      copyFileSync(path.join(FX, `${name}.json5`), p);
      chmodSync(p, 0o600);
      const rules = await configRules();

      // Findings, in report order, each pointing at file:line:col.
      const facts = await factsFor(p, { version: exp.openclawVersion, proxyIp: exp.proxyIp });
      const out = evaluate(rules, facts);
      // Deliberate re-baselining also takes the findings (review the git diff).
      if (process.env.CLAWKIT_UPDATE_FIXTURES) exp.findings = out.findings.map((f) => f.ruleId);
      expect(out.findings.map((f) => f.ruleId)).toEqual(exp.findings);
      for (const [ruleId, pos] of Object.entries(exp.positions)) {
        const f = out.findings.find((x) => x.ruleId === ruleId)!;
        const ev = f.evidence.find((e) => e.file === p && e.line);
        const at = ev ? `${ev.line}:${ev.column}` : new RegExp(`${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+:\\d+)`).exec(f.message)?.[1];
        expect(at, `${ruleId} position`).toBe(pos);
      }

      // The fix, and the expected file byte for byte.
      const mode = { apply: true, dryRun: false, yes: exp.fix.mode === 'yes', interactive: false };
      const r = await runFix({ facts, rules, evaluate, mode, env: {} });
      const fixedFile = path.join(FX, `${name}.fixed.json5`);
      if (process.env.CLAWKIT_UPDATE_FIXTURES) {
        // Deliberate re-baselining (review the git diff): the fix outcome and the fixed file.
        exp.fix = { ...exp.fix, status: r.status, applied: r.applied.map((a) => a.ruleId), remaining: r.remaining };
        writeFileSync(path.join(FX, `${name}.expect.json`), `${JSON.stringify(exp, null, 2)}\n`);
        const after = readFileSync(p, 'utf8');
        if (after !== original) writeFileSync(fixedFile, after);
        else rmSync(fixedFile, { force: true });
      }
      expect(r.status).toBe(exp.fix.status);
      expect(r.applied.map((a) => a.ruleId)).toEqual(exp.fix.applied);
      expect(r.remaining).toEqual(exp.fix.remaining);
      expect(r.notCleared).toEqual([]);
      const now = readFileSync(p, 'utf8');
      if (existsSync(fixedFile)) {
        expect(now).toBe(readFileSync(fixedFile, 'utf8'));
        // Every comment of the original survives the fix.
        for (const c of comments(original)) expect(now).toContain(c);
        expect(statSync(p).mode & 0o777).toBe(0o600);
      } else {
        expect(now).toBe(original);
      }

      // Idempotence: a second --fix changes nothing.
      const again = await runFix({ facts: await factsFor(p, { version: exp.openclawVersion, proxyIp: exp.proxyIp }), rules, evaluate, mode, env: {} });
      expect(['nothing-to-fix', 'unparseable']).toContain(again.status);
      expect(readFileSync(p, 'utf8')).toBe(now);
    });
  }
});
