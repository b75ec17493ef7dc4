// QA regressions in the human report: grammar of the "not checked" summary and the note that the
// findings describe the config as re-read after --fix.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderHuman, shownEvidence } from '../../src/report/human.js';
import type { Report } from '../../src/report/report.js';

function report(over: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'clawkit-doctor', version: '0.0.0' },
    inputs: { paste: null, config: { path: '/x/openclaw.json', found: true, reason: '--config /x/openclaw.json' }, probe: null, env: null, openclawVersion: null, rules: { count: 3, extraDirs: [] }, notCollected: [], unexamined: [] },
    summary: { findings: 0, bySeverity: { info: 0, warning: 0, error: 0 }, byCategory: {}, checks: { pass: 1, fail: 0, skip: 3, error: 0 }, failOn: 'error', exitCode: 0, notChecked: [{ missing: 'paste', rules: 2 }, { missing: 'version', rules: 1 }] },
    findings: [],
    suppressed: [],
    errors: [],
    ...over,
  };
}

describe('qa: human report wording', () => {
  const plain = new Chalk({ level: 0 });
  it('"1 rule needs", "2 rules need"', () => {
    const t = renderHuman(report(), plain);
    expect(t).toContain('2 rules need paste, 1 rule needs version');
    expect(t).not.toContain('1 rule need version');
  });
  it('after a written fix the header says the config was re-read', () => {
    expect(renderHuman(report({ fix: { status: 'written' } }), plain)).toContain('config /x/openclaw.json (--config /x/openclaw.json), re-read after --fix');
    expect(renderHuman(report({ fix: { status: 'dry-run' } }), plain)).not.toContain('re-read after --fix');
  });
  it('an undiagnosed paste from a third-party client names the kind once, with what to run', () => {
    const undiagnosed = {
      recognised: { clients: ['third-party', 'desktop'], versions: [], errorClasses: [], closeCodes: [], endpoints: [], words: ['connect'] },
      notGateway: [],
      next: ['openclaw gateway status --deep', 'openclaw gateway probe', 'openclaw dashboard --no-open'],
    };
    const t = renderHuman(report({ undiagnosed } as Partial<Report>), plain);
    expect(t).toContain('Client: a third-party client or panel');
    expect(t.match(/Client: /g)).toHaveLength(1);
    expect(t).toContain('$ openclaw gateway probe');
  });
  it('each evidence line once, and no empty "line ?:" paste item (review27d L2)', () => {
    const line2 = { source: 'paste' as const, line: 2, text: 'Gateway target: ws://127.0.0.1:18789', file: 'L2.txt' };
    const shown = shownEvidence([
      { source: 'paste', line: 1, text: '[gateway] listening on ws://127.0.0.1:28789 (PID 1)', file: 'L2.txt' },
      line2,
      { ...line2, path: 'paste.derived.targetPort', value: 18789 },
      { source: 'paste' },
    ]);
    expect(shown).toEqual(['L2.txt line 1: [gateway] listening on ws://127.0.0.1:28789 (PID 1)', 'L2.txt line 2: Gateway target: ws://127.0.0.1:18789']);
  });
  it('a derived paste fact with neither line nor text shows as path = value, not dropped (review27g)', () => {
    const shown = shownEvidence([
      { source: 'paste', path: 'paste.derived.targetPort', value: 18789 },
      { source: 'paste', path: 'paste.derived.gatewayPort', value: 19001 },
    ]);
    expect(shown).toEqual(['paste.derived.targetPort = 18789', 'paste.derived.gatewayPort = 19001']);
  });
});
