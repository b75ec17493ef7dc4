// Redaction's exception words are data (lexicon/redaction/<language>.json, issue #12 §5): the loader merges every
// language's file and fails closed — no file, a damaged file or a wrong shape gives no words, so more is masked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commonWords, commonWordsOf } from '../src/shared/common-words.js';
import { Redactor } from '../src/shared/redact.js';

const dirs: string[] = [];
function lexDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ckd-redaction-words-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('redaction words as data', () => {
  it("merges every language's file, lower-cased", () => {
    const words = commonWordsOf(lexDir({ 'en.json': JSON.stringify({ commonWords: ['Latest', 'secure'] }), 'de.json': JSON.stringify({ commonWords: ['sicher'] }) }));
    expect([...words].sort()).toEqual(['latest', 'secure', 'sicher']);
  });
  it('fails closed: a missing folder, a damaged file or a list of the wrong shape gives no words', () => {
    expect(commonWordsOf(join(tmpdir(), 'ckd-no-such-redaction-dir')).size).toBe(0);
    const dir = lexDir({ 'de.json': '{ "commonWords": [', 'en.json': JSON.stringify({ commonWords: ['secure'] }), 'fr.json': JSON.stringify({ commonWords: 'sécurisé' }) });
    expect([...commonWordsOf(dir)]).toEqual(['secure']);
  });
  it('the shipped words are the ones redaction spares, and only those', () => {
    const shipped = commonWords();
    // review31e's words and a sample across the list; a value next to them in spelling is not in it.
    for (const w of ['secure', 'latest', 'paired', 'telegram', 'localhost', 'windows', 'absent', 'whatsapp']) expect(shipped.has(w)).toBe(true);
    for (const w of ['securely', 'dockerhunter', 'hunter']) expect(shipped.has(w)).toBe(false);
    const r = new Redactor();
    expect(r.redact('set the token to whatsapp')).toBe('set the token to whatsapp');
    expect(r.redact('set the token to Absent')).toBe('set the token to Absent');
    expect(r.redact('set the token to whatsapps')).toBe('set the token to ***');
  });
});
