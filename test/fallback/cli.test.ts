// The fallback through the built CLI: --json carries candidates as marked findings and the
// undiagnosed block; the human report puts them under their own headings. Through the built CLI's
// main() in process (test/cli/run.ts).
import { describe, expect, it, vi } from 'vitest';
import { runInProcess } from '../cli/run.js';

const PROSE = 'After I reinstalled the browser the Control UI wants me to approve the device again, and the approval request does not show up when I list devices on the server.';

describe('fallback in the CLI', () => {
  it('--json: possible causes are findings marked as lexical candidates, after real ones', async () => {
    const r = await runInProcess(['--json', '--no-probe', '--no-env', '--log', '-'], PROSE);
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; category: string; severity: string; candidate?: { kind: string; words: string[]; score: number } }>; undiagnosed?: unknown };
    const c = report.findings.find((f) => f.candidate);
    expect(c).toMatchObject({ category: 'pairing', severity: 'info', candidate: { kind: 'lexical' } });
    expect(c!.candidate!.words).toContain('approve');
    expect(c!.candidate!.score).toBeGreaterThan(0);
    expect(report.undiagnosed).toBeUndefined();
    expect(r.code).toBe(0);
  });

  it('a pasted word that names a built-in object property is only a word (the index is parsed JSON)', async () => {
    // Before: "constructor" looked up Object.prototype.constructor as a posting list and crashed (exit 2).
    const r = await runInProcess(['--json', '--no-probe', '--no-env', '--log', '-'], 'gateway connect failed: constructor __proto__ hasOwnProperty toString valueOf');
    expect(r.stderr).not.toContain('unexpected failure');
    expect(r.code).not.toBe(2);
    expect(JSON.parse(r.stdout)).toHaveProperty('findings');
  });

  it('human: a "Possible causes" heading with the words that suggested each', async () => {
    const r = await runInProcess(['--no-probe', '--no-env', '--log', '-'], PROSE);
    expect(r.stdout).toContain('Possible causes');
    expect(r.stdout).toMatch(/Why suggested: suggested by the words "approve"/);
    expect(r.stdout).not.toContain('No connection problem found');
  });

  it('human: a release-specific possible cause with no version known names its releases to check', async () => {
    const text = 'After upgrading, the gateway will not start: it says the legacy exec approvals must be migrated first and tells me to run doctor --fix. Running doctor --fix fails with the very same message every time.';
    const r = await runInProcess(['--no-probe', '--no-env', '--log', '-'], text);
    expect(r.stdout).toContain('exec-approvals-migration-deadlock');
    expect(r.stdout).toMatch(/Only in: OpenClaw [^\n]*2026\.8\.1[^\n]*check yours with `openclaw --version`/);
    const pinned = await runInProcess(['--no-probe', '--no-env', '--openclaw-version', '2026.8.1', '--log', '-'], text);
    expect(pinned.stdout).toContain('exec-approvals-migration-deadlock');
    expect(pinned.stdout).not.toContain('Only in:');
  });

  it('undiagnosed: recognised facts and next commands instead of "no problem found"', async () => {
    // A close code and reason no rule or lexicon knows ("client invalidated" now has a candidate: token-auth).
    const text = 'openclaw tui: gateway closed (4999): reason zzz ws://127.0.0.1:18789?token=s3cr3t-token-value';
    const j = JSON.parse((await runInProcess(['--json', '--no-probe', '--no-env', '--log', '-'], text)).stdout) as { findings: unknown[]; undiagnosed: { recognised: { closeCodes: unknown[]; endpoints: string[]; clients: string[] }; next: string[] } };
    expect(j.findings).toEqual([]);
    expect(j.undiagnosed.recognised.closeCodes).toEqual([{ code: 4999, reason: expect.stringContaining('reason zzz') }]);
    expect(j.undiagnosed.next).toContain('openclaw gateway status --deep');
    const h = (await runInProcess(['--no-probe', '--no-env', '--log', '-'], text)).stdout;
    expect(h).toContain('no rule recognised its cause');
    expect(h).toContain('close: 4999');
    expect(h).toContain('$ openclaw logs --limit 200 --plain | clawkit-doctor');
    expect(h).not.toContain('No connection problem found');
    expect(h).not.toContain('s3cr3t-token-value');
  });

  it('not a gateway problem: a short note, no finding, exit 0', async () => {
    const r = await runInProcess(['--no-probe', '--no-env', '--log', '-'], '[discord] gateway: WebSocket connection closed with code 4014\n');
    expect(r.stdout).toMatch(/Not a gateway problem: a chat channel/);
    expect(r.stdout).not.toContain('Possible causes');
    expect(r.code).toBe(0);
  });
});

describe('categories with a precondition (lexicon needs)', () => {
  const ids = async (text: string) => {
    const r = await runInProcess(['--json', '--no-probe', '--no-env', '--log', '-'], text);
    return (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId);
  };
  it('a Tailscale cause is suggested only when the paste shows Tailscale', async () => {
    const story = 'The iOS app on my iPhone keeps disconnecting from the gateway after a few seconds, it never stays connected.';
    expect(await ids(story.replace('gateway', 'gateway through tailscale'))).toContain('tailscale/ios-app-via-serve');
    expect((await ids(story)).filter((id) => id.startsWith('tailscale/'))).toEqual([]);
  });
});

describe('start-up cost', () => {
  it('does not read the lexical index when a strong finding answers the paste', async () => {
    vi.resetModules();
    const loadLexiconIndex = vi.fn();
    vi.doMock('../../src/rules/lexicon.js', async (orig) => ({ ...(await orig<object>()), loadLexiconIndex }));
    try {
      const { wireFallback } = await import('../../src/commands/fallback.js');
      const { pasteFromString } = await import('../../src/collectors/paste/read.js');
      const paste = await pasteFromString('disconnected (1008): pairing required');
      const strong = { findings: [{ specificity: 60, category: 'pairing' }], suppressed: [], results: [] } as never;
      expect(wireFallback([], { paste }, strong)).toEqual({ candidates: [] });
      expect(loadLexiconIndex).not.toHaveBeenCalled();
    } finally {
      vi.doUnmock('../../src/rules/lexicon.js');
      // The fast project shares modules between test files (isolate: false): the next file must not
      // get the modules imported above, bound to the mock.
      vi.resetModules();
    }
  });

  it('finding the lexical index parses no built-in rule body; the bundle flags equal readsPaste on each body', async () => {
    vi.resetModules(); // a fresh rule cache: other files in this worker have read bodies
    try {
      const { loadBuiltinRules } = await import('../../src/rules/load.js');
      const { isParsed } = await import('../../src/rules/lazy.js');
      const { loadLexiconIndex } = await import('../../src/rules/lexicon.js');
      const { readsPaste } = await import('../../src/engine/fallback/index-build.js');
      const rules = await loadBuiltinRules();
      expect(loadLexiconIndex(rules).docs.length).toBeGreaterThan(100);
      expect(rules.filter(isParsed).map((r) => r.id)).toEqual([]);
      const preset = rules.map(readsPaste);
      const fromBodies = rules.map((r) => readsPaste(JSON.parse(JSON.stringify(r)) as typeof r));
      expect(preset).toEqual(fromBodies);
      expect(preset.filter(Boolean).length).toBeGreaterThan(100);
      expect(preset.filter((x) => !x).length).toBeGreaterThan(10);
    } finally {
      vi.resetModules();
    }
  });
});
