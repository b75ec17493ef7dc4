// Old rule ids keep working after a rule moves to rules/<category>/ (scripts/codemods/move-rules.mjs):
// --only/--skip, `explain`, a --rules override and an OpenClaw health-check scope may name a rule by
// the id it had. Ids come from the codemod's data files, so this holds before and after a move.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explain } from '../../src/commands/rules.js';
import { loadRuleSet, selectRules } from '../../src/commands/rule-selection.js';
import { inScope } from '../../src/api/health-mapping.js';
import { loadBuiltinRules, listRuleFiles } from '../../src/rules/load.js';
import { currentRuleId, formerRuleIds, renamedFile } from '../../src/rules/renamed.js';
import { pkgPath } from '../../src/shared/paths.js';

const moves = Object.entries((JSON.parse(readFileSync(pkgPath('scripts', 'codemods', 'rule-moves.json'), 'utf8')) as { moves: Record<string, string> }).moves);
// Before the codemod first runs there is no table yet.
const renamed = existsSync(renamedFile()) ? (JSON.parse(readFileSync(renamedFile(), 'utf8')) as { renamed: Record<string, string> }).renamed : {};

function capture(): { io: never; out: () => string } {
  let text = '';
  const stream = { write: (s: string) => ((text += s), true) };
  return { io: { stdout: stream, stderr: stream } as never, out: () => text };
}

describe('renamed rules', () => {
  it('every planned move names one rule of the catalogue, by its old id or its new one', async () => {
    const ids = new Set((await loadBuiltinRules()).map((r) => r.id));
    expect(moves.length).toBeGreaterThan(100);
    for (const [old, now] of moves) {
      expect(ids.has(old) !== ids.has(now), `${old} -> ${now}`).toBe(true);
      if (ids.has(now)) expect(currentRuleId(old)).toBe(now);
    }
    for (const [old, now] of Object.entries(renamed)) {
      expect(ids.has(now), `${old} -> ${now}`).toBe(true);
      expect(ids.has(old), `${old} is an alias and a rule`).toBe(false);
      expect(formerRuleIds(now)).toContain(old);
    }
  });

  it('the alias table is catalogue data, not a rule', () => {
    expect(listRuleFiles(pkgPath('rules')).some((f) => f.endsWith('renamed.json'))).toBe(false);
  });

  it('--only and --skip accept an old id and an old area', async () => {
    const rules = await loadBuiltinRules();
    const [old, now] = moves[0]!;
    expect(selectRules(rules, [old], []).map((r) => r.id)).toEqual([currentRuleId(old)]);
    expect([old, now]).toContain(currentRuleId(old));
    expect(selectRules(rules, [], [old])).toHaveLength(rules.length - 1);
    const area = old.split('/')[0]!;
    const inArea = moves.filter(([o]) => o.startsWith(`${area}/`)).length;
    expect(selectRules(rules, [`${area}/`], []).length).toBeGreaterThanOrEqual(inArea);
  });

  it('explain finds a rule by its old id', async () => {
    const [old] = moves[0]!;
    const { io, out } = capture();
    expect(await explain(old, {}, io)).toBe(0);
    expect(out().startsWith(`${currentRuleId(old)} — `)).toBe(true);
  });

  it('a --rules override written against an old id replaces the built-in rule', async () => {
    const builtin = await loadBuiltinRules();
    const [old] = moves.find(([o]) => !o.startsWith('version/')) ?? moves[0]!;
    const original = builtin.find((r) => r.id === currentRuleId(old))!;
    const dir = mkdtempSync(join(tmpdir(), 'renamed-'));
    const area = old.split('/')[0]!;
    mkdirSync(join(dir, area));
    const raw = JSON.parse(readFileSync(original.file!, 'utf8')) as object;
    writeFileSync(join(dir, area, `${old.split('/')[1]}.json`), JSON.stringify({ ...raw, id: old, title: 'Team override' }));
    const rules = await loadRuleSet([dir]);
    expect(rules).toHaveLength(builtin.length);
    expect(rules.filter((r) => currentRuleId(r.id) === currentRuleId(old)).map((r) => r.title)).toEqual(['Team override']);
  });

  it('a health-check scope naming the old id covers the finding of the renamed rule', () => {
    const [old] = moves[0]!;
    const finding = { checkId: 'clawkit/x', severity: 'error' as const, message: 'm', source: 'clawkit-doctor', errorCode: currentRuleId(old) };
    expect(inScope(finding, { findings: [{ ...finding, errorCode: old }] })).toBe(true);
    expect(inScope(finding, { findings: [{ ...finding, errorCode: 'other/none' }] })).toBe(false);
  });
});
