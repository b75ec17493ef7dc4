// The lexicon files are data with a schema; what they name must exist.
import { readFileSync, readdirSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { readsPaste } from '../../src/engine/fallback/index-build.js';
import { LEXICON_DIR, readLexicons } from '../../src/rules/lexicon.js';
import { ROOT } from '../cli/run.js';

const schema = JSON.parse(readFileSync(`${ROOT}schema/lexicon.schema.json`, 'utf8')) as object;

describe('lexicon data', () => {
  const files = readdirSync(LEXICON_DIR).filter((f) => f.endsWith('.json') && f !== 'model.json');

  it('has English and Chinese, each valid against schema/lexicon.schema.json', () => {
    expect(files).toEqual(expect.arrayContaining(['en.json', 'zh.json']));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    for (const f of files) {
      const ok = validate(JSON.parse(readFileSync(`${LEXICON_DIR}/${f}`, 'utf8')));
      expect(ok, `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('names only rules that exist and read pasted text, and regexes that compile', async () => {
    const rules = await loadBuiltinRules();
    const pasteRules = new Set(rules.filter(readsPaste).map((r) => r.id));
    const { lexicons, model } = readLexicons();
    expect(model.threshold).toBeGreaterThan(0);
    for (const lex of lexicons) {
      for (const id of [...Object.keys(lex.rules ?? {}), ...Object.values(lex.exact ?? {})]) expect(pasteRules.has(id), `${lex.language}: ${id}`).toBe(true);
      for (const n of lex.notGateway ?? []) expect(() => new RegExp(n.regex, 'i'), n.regex).not.toThrow();
      // A rule-level precondition (`needs` … `rules`) names a rule the ranker indexes: else it gates nothing.
      for (const id of [...(lex.needs ?? []), ...(lex.ruledOut ?? [])].flatMap((n) => n.rules ?? [])) expect(pasteRules.has(id), `${lex.language}: needs ${id}`).toBe(true);
      // Every other regex list a language adds, compiled as the reader compiles them.
      const f = lex.featureText;
      const g = lex.guideText;
      const lists = [lex.gatewayHarmed, lex.names, f?.opens, f?.asks, f?.serves, f?.advisory, f?.reports, g?.marks, g?.firstPerson, lex.ruledOut?.map((r) => r.regex), lex.needs?.map((r) => r.regex)];
      for (const re of lists.flatMap((l) => l ?? [])) expect(() => new RegExp(re, 'i'), `${lex.language}: ${re}`).not.toThrow();
    }
  });
});
