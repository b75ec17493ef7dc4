import { describe, expect, it } from 'vitest';
import { sshForward } from '../../src/collectors/paste/extract.js';
import { corpusStrings } from './corpus-strings.js';

// The regex sshForward() stands in for (src/collectors/paste/extract.ts before redos9).
const HOST = String.raw`(\[[0-9a-fA-F:.]{2,45}\]|[A-Za-z0-9._~%-]{1,253})`;
const OLD = new RegExp(String.raw`\bssh\b[^\n]{0,120}\s-L\s{0,2}(?:[A-Za-z0-9.]{1,64}:)?\d{1,5}:${HOST}:(\d{1,5})`, 'i');

const same = (m: RegExpExecArray | null) => m && [m.index, ...m];

/** Seeded lines of the pattern's pieces: `ssh` words, `-L` forwards (whole, broken, upper and lower case), gaps around 120, newlines. */
function randomLines(count: number): string[] {
  const pieces = ['ssh', 'SSH', 'xssh', 'ssh2', ' ', ' -L ', ' -l', '\t-L  ', '\n-L', '-L', ' -N', '18789:', '8080:', 'localhost:', 'db.local:', '127.0.0.1:', '[::1]:', '[fe80::1]', ':18789', ':99999', '18791', 'user@host', '\n', 'x'.repeat(60), 'y'.repeat(117), ' -L 1:h:2', ' -L 3:h:4', 'a'.repeat(64) + ':', 'h'.repeat(253), '%7e', ':'];
  let seed = 13;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), (seed >>> 12) % n);
  return Array.from({ length: count }, () => {
    let s = '';
    for (let k = next(12) + 1; k > 0; k--) s += pieces[next(pieces.length)]!;
    return s;
  });
}

describe('paste endpoints: the ssh -L forward found from its `-L`s', () => {
  const corpus = corpusStrings();
  it(`answers as the old regex (match, captures, index) on ${corpus.length} corpus and rule-case strings and 100,000 random lines`, () => {
    const now = sshForward();
    const random = randomLines(100_000);
    const differ = [...corpus, ...random].filter((l) => JSON.stringify(same(now.exec(l))) !== JSON.stringify(same(OLD.exec(l))));
    expect(differ.slice(0, 3)).toEqual([]);
    expect(random.filter((l) => OLD.test(l)).length).toBeGreaterThan(1_000);
    expect(random.filter((l) => !OLD.test(l) && /ssh/i.test(l) && /-L/i.test(l)).length).toBeGreaterThan(10_000);
    expect(corpus.filter((l) => OLD.test(l)).length).toBeGreaterThan(3);
  });
  it('edges by hand: the last -L wins, the 120-character gap, a newline, a later ssh', () => {
    const cases = [
      'ssh -N -L 18789:127.0.0.1:18789 user@host',
      'ssh -L 1:h:2 then ssh -L 3:h:4',
      `ssh ${'x'.repeat(116)} -L 1:h:2`,
      `ssh ${'x'.repeat(117)} -L 1:h:2`,
      `ssh ${'x'.repeat(200)} ssh -L 1:h:2`,
      'ssh\n-L 1:h:2',
      'ssh x\n ssh -L 1:[::1]:2',
      'ssh -L 1:h:2 -L 3:h:99999999',
    ];
    const now = sshForward();
    for (const c of cases) expect([c, same(now.exec(c))]).toEqual([c, same(OLD.exec(c))]);
    expect(same(now.exec(cases[1]!))).toEqual([0, 'ssh -L 1:h:2 then ssh -L 3:h:4', 'h', '4']);
  });
});
