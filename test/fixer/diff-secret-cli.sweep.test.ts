// review25a's property end to end (hostile-input 2bn): random configs with a word token placed as a secret's
// value, another field's value, a string, a comment, an array element or a key under `gateway`, run through
// the CLI with `--dry-run --yes` in human, --json, markdown and SARIF. The token never prints except as that
// key (a config key is public: its path `gateway.<word>` is shown as well); and where the human diff and
// the human evidence both show `"mode"`'s value they show the same thing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/run.js';
import { sweepName, sweepSeeds } from '../helpers/sweep.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const WORD = 'quokkazeb';

describe('end to end: a word token in random config places prints only as a key', () => {
  const root = mkdtempSync(join(tmpdir(), 'ckd-diffsweep-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const args = ['--no-probe', '--no-env', '--dry-run', '--yes', '--openclaw-version', '2026.9.6'];
  const seeds = sweepSeeds(1, 24, 6);
  it(sweepName(`${seeds.length} random configs × 4 formats`, 6), async () => {
    let compared = 0;
    let keys = 0;
    for (const seed of seeds) {
      const rand = rng(seed);
      const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      const q = pick(['"', "'"]);
      const v = `${q}${WORD}${q}`;
      const places = [
        `"note": ${v},`,
        `"note": "the token is '${WORD}': keep it",`,
        `// ${v}: my token`,
        `/* token ${v} : rotate */`,
        `"trustedProxies": ["10.0.0.1", ${v}],`,
        `"customBindHost": ${v},`,
      ];
      const asKey = rand() < 0.3;
      const lines = [
        '{',
        '  "gateway": {',
        `    "auth": { "mode": ${pick(['"token"', v])}, "token": ${v} },`,
        `    ${pick(places)}`,
        ...(asKey ? [`    ${pick(['"', "'", ''])}${WORD}: 1,`.replace(/^( {4})(["']?)(\w+)(: 1,)$/, '$1$2$3$2$4')] : []),
        `    ${pick(places)}`,
        '    "bind": "lan"',
        '  }',
        '}',
      ];
      const home = mkdtempSync(join(root, 'home-'));
      mkdirSync(join(home, '.openclaw'));
      writeFileSync(join(home, '.openclaw', 'openclaw.json'), lines.join('\n') + '\n');
      const outs: string[] = [];
      for (const f of [[], ['--json'], ['--format', 'markdown'], ['--format', 'sarif']]) outs.push((await runInProcess([...args, ...f], '', { HOME: home })).stdout);
      const why = `seed ${seed}:\n${lines.join('\n')}`;
      expect(outs[0], why).toContain('--- a/openclaw.json');
      for (const o of outs) {
        // Every occurrence is the key: `"quokkazeb":` (`\\"quokkazeb\\":` in JSON), `quokkazeb:` or `gateway.quokkazeb`.
        const rest = o.replace(new RegExp(`${WORD}\\\\?["']?\\s*:|gateway\\.${WORD}\\b`, 'g'), '');
        const at = rest.indexOf(WORD);
        expect(at === -1 ? '' : rest.slice(Math.max(0, at - 200), at + 80), why).toBe('');
      }
      // The diff and the evidence agree on `"mode"`'s value: both masked, or both the same word.
      const diffMode = /^[-+ ] {4}"auth": \{ "mode": "([^"]*)"/m.exec(outs[0]!)?.[1];
      const evidenceMode = /config\.value\.gateway = \{"auth":\{"mode":"([^"]*)"/.exec(outs[0]!)?.[1];
      if (diffMode !== undefined && evidenceMode !== undefined) {
        expect(diffMode, why).toBe(evidenceMode);
        compared++;
      }
      if (asKey) keys++;
    }
    // The sample (1 in 6) and the full sweep both hold a key placement and a compared `mode`.
    expect([compared > 0, keys > 0]).toEqual([true, true]);
  });
});
