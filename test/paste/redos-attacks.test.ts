// The bench's crafted lines (scripts/lib/redos-attacks.mjs, bench-redos.mjs) must get past a
// backreference: a pattern's `(?=(X))\1` needs the text X matched right after the lookahead, so a
// line built with an empty witness for `\1` never reaches the repeats after it (notes/hostile-input.md 2t).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script module without types
import { craftedLines } from '../../scripts/lib/redos-attacks.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const zh = JSON.parse(readFileSync(join(ROOT, 'lexicon', 'zh.json'), 'utf8')) as { notGateway: Array<{ regex: string }> };
type Line = { kind: string; line: string };

describe('crafted lines get past a backreference', () => {
  it('a backreference is spelled as what its group matched', () => {
    const lines = craftedLines(String.raw`a(?=(b{0,60}?c))\1x{0,90}?y`, false, 400) as Line[];
    const tail = lines.filter((l) => l.kind.startsWith('x{0,90}?'));
    expect(tail.length).toBeGreaterThan(0);
    for (const l of tail) expect([l.kind, l.line.slice(0, 3)]).toEqual([l.kind, expect.stringMatching(/^ac/)]);
    expect(tail.map((l) => l.line.slice(0, 6))).toContain('acacac');
  });
  it('a named backreference too', () => {
    const lines = craftedLines(String.raw`a(?=(?<g>b{0,60}?c))\k<g>x{0,90}?y`, false, 400) as Line[];
    expect(lines.filter((l) => l.kind.startsWith('x{0,90}?')).every((l) => l.line.startsWith('ac'))).toBe(true);
  });
  // The lexicon patterns with the atomic idiom: every line crafted for the gap after the
  // backreference starts with a match of everything before that gap.
  for (const [index, gap, head] of [
    // zh[2]'s last gap stops where the whole prefix matches again (2u): its kind spells that stop.
    [2, String.raw`(?:(?!(?:飞书|钉钉|企业微信|企微|qq ?机器人|telegram|discord|whatsapp)(?:(?!`, String.raw`^(?:飞书|钉钉|企业微信|企微|qq ?机器人|telegram|discord|whatsapp)[^\n]{0,60}?(?:机器人|渠道|频道|webhook|回调)`],
    [4, String.raw`[^\n]{0,60}?`, String.raw`^(?:显示|状态)[^\n]{0,60}?(?:离线|未运行|已停止|offline|stopped)[^\n]{0,60}?(?:但|可是|然而|其实)`],
  ] as const) {
    it(`zh notGateway[${index}]: the lines for its last gap reach that gap`, () => {
      const lines = (craftedLines(zh.notGateway[index]!.regex, true, 4096) as Line[]).filter((l) => l.kind.startsWith(gap) && l.kind.includes('repeated'));
      expect(lines.length).toBeGreaterThan(0);
      const reach = new RegExp(head, 'i');
      for (const l of lines) expect([l.kind, reach.test(l.line)]).toEqual([l.kind, true]);
    });
  }
});
