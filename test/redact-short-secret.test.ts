// audit23 F5: a known config password of 1–3 characters was printed in the --dry-run diff (known secrets
// under 4 characters were dropped, the shapes need 3+), and the fix list's `<ruleId>: Remove …` was
// masked to `…-with-token: *** …` by the prose `token:` pattern.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Redactor } from '../src/shared/redact.js';
import { runInProcess } from './cli/run.js';

describe('a short known secret', () => {
  const r = new Redactor(['pw', 'x']);
  it('is masked as a whole quoted value', () => {
    expect(r.redact('-    auth: { password: "pw" }')).toBe('-    auth: { password: "***" }');
    expect(r.redact("password: 'x'")).toBe("password: '***'");
  });
  it('is not masked inside words or unquoted text', () => {
    for (const t of ['openclaw gateway: pwd is /root', 'npx vitest', '"pwx"', 'rm -r x']) expect(r.redact(t)).toBe(t);
  });
});

describe('end to end: --dry-run on a trusted-proxy config with a 2-character password', () => {
  const home = mkdtempSync(join(tmpdir(), 'ckd-sec17-dr-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  it('the diff masks the password and the fix list keeps its summary readable', async () => {
    mkdirSync(join(home, '.openclaw'));
    writeFileSync(
      join(home, '.openclaw', 'openclaw.json'),
      `{
  gateway: {
    mode: "local",
    auth: { mode: "trusted-proxy", token: "SECRETTPTOKEN99887766", password: "pw", trustedProxy: { userHeader: "x-user" } },
    trustedProxies: ["10.0.0.0/8"],
  },
}
`,
    );
    const o = await runInProcess(['--no-probe', '--no-env', '--dry-run', '--yes', '--openclaw-version', '2026.9.6'], '', { HOME: home });
    expect(o.stdout).not.toMatch(/password: "pw"/);
    expect(o.stdout).toContain('password: "***"');
    expect(o.stdout).toMatch(/trusted-proxy\/trusted-proxy-with-token — Remove/);
    expect(o.stdout).not.toContain('SECRETTPTOKEN');
  });
});
