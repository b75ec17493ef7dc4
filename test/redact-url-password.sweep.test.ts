// The sweep of redact-url-password.test.ts (sampled in the fast job, in full in the slow one: test/helpers/sweep.ts).
import { describe, expect, it } from 'vitest';
import { urlPassword } from '../src/shared/redact.js';
import { corpusStrings } from './paste/corpus-strings.js';
import { floorFor, sweep, sweepName } from './helpers/sweep.js';
import { all, OLD } from './redact-url-password.old.js';

/**
 * Seeded lines of the pattern's own pieces: 1–3 URL-shaped runs (scheme, `://`, host, `:`, secret, `@`), each
 * slot often swapped for another piece, between pieces of filler; schemes up to and past 33 characters, hosts
 * and secrets at and past their caps.
 */
function randomLines(count: number): string[] {
  const filler = ['', ' ', '"', "'", '<', '-', '.', '+', '_', '/', '//', ':', '@', '\n', '\t', 'é', 'a-a-', '9a', 'x'];
  const slots = [
    ['wss', 'http', 'git+ssh', 'a', 'A', 'x.y-z', '1a', '_a', 'k'.repeat(32), 'k'.repeat(33), `a-${'k'.repeat(33)}`],
    ['://', '://', ':/', '//'],
    ['me', 'h', 'a.b-c', 'h'.repeat(256), 'h'.repeat(257), ''],
    [':', ':', '@'],
    ['hunter2', 'p', 's:t', 's'.repeat(1024), 's'.repeat(1025), ''],
    ['@', '@', ' @', ''],
  ];
  let seed = 11;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), (seed >>> 12) % n);
  const pick = (a: string[]) => a[next(a.length)]!;
  return Array.from({ length: count }, () => {
    let s = '';
    for (let k = next(3) + 1; k > 0; k--) {
      s += pick(filler);
      for (const slot of slots) s += next(6) ? pick(slot) : pick(filler) + pick(slots[next(slots.length)]!);
    }
    return s + pick(filler);
  });
}

describe('redaction: the URL password pattern found from its `://`', () => {
  const corpus = corpusStrings();
  // A sweep (test/helpers/sweep.ts): every corpus string; 1 random line in 4 in the fast job, all in the slow one.
  it(sweepName(`answers as the old regex (matches, captures, index, lastIndex) on ${corpus.length} corpus and rule-case strings and 100,000 random lines`, 4), () => {
    const now = urlPassword();
    // The random lines made once (seeded: the same every call) and each tested once below.
    const random = sweep(randomLines(100_000), 4);
    const lines = [...corpus, ...random];
    const differ = lines.filter((l) => JSON.stringify(all(now, l)) !== JSON.stringify(all(OLD, l)));
    expect(differ.slice(0, 3)).toEqual([]);
    // The random lines reach the edges: matches, and lines with a `://` and an `@` that do not match.
    const once = new RegExp(OLD.source, 'i');
    let hit = 0;
    let nearMiss = 0;
    for (const l of random) {
      if (once.test(l)) hit++;
      else if (/:\/\/[^]*@/.test(l)) nearMiss++;
    }
    expect(hit).toBeGreaterThan(floorFor(5_000, random.length, 100_000));
    expect(nearMiss).toBeGreaterThan(floorFor(5_000, random.length, 100_000));
    
  });
});
