// The leak hunt's sweep (hostile-input 2bx, helper leak27): each planted canary — config, environment, and one paste
// shape per line — through every output form (human, --json, markdown, SARIF, github, the --dry-run diff, --follow,
// stderr); any canary in any output fails, and each paste line must be quoted, so masking (not a line left
// unquoted) is what is tested. ~230 in-process CLI runs over the shape tables: in the slow job (notes/hostile-input.md,
// 2cr). The Redactor's unit tests on the same shapes, the library API and the --follow windows are in leak-hunt.test.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInHere } from './helpers.js';
import { BASE, CONFIG_AND_ENV, ENV, LEFT29, LINES, NEIGHBOURS, TAIL, quotedLeaks, workdir } from './leak-hunt.helpers.js';

describe('leak hunt: every planted canary is masked in every output', () => {
  it.each(['human', 'json', 'markdown', 'sarif', 'github'])('config and environment canaries, %s (with and without --dry-run)', async (format) => {
    const dir = workdir();
    writeFileSync(join(dir, 'paste.log'), 'disconnected (1008):' + TAIL + '\n');
    for (const extra of [[], ['--fix', '--dry-run', '--yes']]) {
      const r = await runInHere(dir, [...BASE, '--format', format, ...extra], { env: ENV });
      expect(r.stdout.length).toBeGreaterThan(500);
      // Masking, not omission: the config's secrets are quoted masked somewhere in the report.
      expect(r.stdout).toContain('***');
      for (const c of CONFIG_AND_ENV) expect(`${format} ${extra.join(' ')}: ${r.stdout}${r.stderr}`).not.toContain(c);
    }
  });

  it('each paste shape alone, quoted in human, --json and --follow, its canary masked', async () => {
    const dir = workdir();
    const leaks: string[] = [];
    for (const [line, canary] of LINES) {
      writeFileSync(join(dir, 'paste.log'), line + '\n');
      for (const extra of [[], ['--json'], ['--follow']]) {
        const r = await runInHere(dir, [...BASE, ...extra], { env: ENV });
        const out = r.stdout + r.stderr;
        expect(out, `${line} ${extra}`).toMatch(/paste\.log line 1|"line": 1/);
        for (const c of [canary, ...CONFIG_AND_ENV]) if (out.includes(c)) leaks.push(`${extra.join(' ') || 'human'}: ${c}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

describe('leak28: a secret told by its neighbour line, letters-only, 密码为 — masked in every output form', () => {
  it('each shape quoted in human, --json, --follow, markdown and SARIF, its canary masked', async () => {
    expect(await quotedLeaks(NEIGHBOURS)).toEqual([]);
  });
});

describe('leak29: a compose prefix, a prefixed YAML key, a HAR comment, a short middle line — masked in every output form', () => {
  it('each shape quoted in human, --json, --follow, markdown and SARIF, its canary masked', async () => {
    expect(await quotedLeaks(LEFT29)).toEqual([]);
  });
});
