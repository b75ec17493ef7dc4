// Concurrent `--fix` processes racing on one config never lose an update (issue #9 part 4): four
// CLI processes at once, three times, the config lock and the re-read under it deciding who wins.
// In the slow project (vitest.config.ts) beside the crash runs: what it proves is between real
// processes on a real file system (notes/hostile-input.md, "The fast job, sixth pass"). The lock
// itself, in process, is test/fixer/safety.test.ts.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { tempDir, writeConfig } from './helpers.js';
import { BIN } from '../cli/run.js';
import { backups, TWO_FIXES } from './safety-config.js';

describe('concurrent --fix runs never lose an update', () => {
  // Two different safe fixes, each run by two processes at once, three times. Before the lock, both
  // could print "wrote … (re-read and verified)" while one write silently replaced the other.
  const runOnce = (config: string, only: string) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, '--fix', '--json', '--no-probe', '--no-env', '--config', config, '--only', only], {
        env: { ...process.env, NO_COLOR: '1', CI: '1' },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.stdin.end();
      child.on('close', (code) => resolve({ code, out, err }));
    });

  for (const trial of [1, 2, 3]) {
    it(`trial ${trial}: every written fix is in the final file; a run that lost the race says so (exit 3)`, async () => {
      const dir = tempDir();
      const p = writeConfig(dir, TWO_FIXES);
      const onlys = ['port-bind/port-string', 'auth-config-shape/auth-string', 'port-bind/port-string', 'auth-config-shape/auth-string'];
      const results = await Promise.all(onlys.map((o) => runOnce(p, o)));
      const finalDoc = JSON5.parse(readFileSync(p, 'utf8'));
      let written = 0;
      results.forEach((r, i) => {
        const report = JSON.parse(r.out);
        const status = report.fix.status as string;
        expect(['written', 'nothing-to-fix', 'error']).toContain(status);
        if (status === 'written') {
          written++;
          if (onlys[i] === 'port-bind/port-string') expect(finalDoc.gateway.port).toBe(18789);
          else expect(finalDoc.gateway.auth).toEqual({ mode: 'token', token: 's3cret-token-value-0123456789' });
        }
        if (status === 'error') {
          expect(r.code).toBe(3);
          expect(report.summary.exitCode).toBe(3);
          expect(r.err).toMatch(/fix failed: .*(changed by another program|is writing this config)/);
        }
        expect(r.out + r.err).not.toContain('s3cret-token-value');
      });
      expect(written).toBeGreaterThanOrEqual(1);
      expect(backups(dir)).toHaveLength(written);
      expect(existsSync(`${p}.lock`)).toBe(false);
    });
  }
});

