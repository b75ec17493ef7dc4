// Entries of one label template (src/derive/text-shape.ts `labelledEntries`): a README's troubleshooting
// section, a handbook or a skill page lists failure after failure under the same labels (Symptom: / Cause: /
// Fix:, Ошибка: / Решение:, 現象: / 解法:). Our own texts, written to those shapes; the attacks over the corpus are in text-labels.sweep.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveTextKind } from '../../src/derive/text-kind.js';
import { labelledEntries } from '../../src/derive/text-shape.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Rule } from '../../src/types.js';
import { CATALOGUE } from './text-labels.helpers.js';
import { factsOf, linesOf } from './text-shape.helpers.js';


describe('labelled entries (text-shape.ts labelledEntries)', () => {
  let rules: Rule[];
  beforeAll(async () => {
    rules = await loadBuiltinRules();
  });

  it('a catalogue of labelled entries is a guide holding its entries: en, ru, zh', () => {
    for (const [lang, text] of Object.entries(CATALOGUE)) {
      const kind = deriveTextKind(linesOf(text.join('\n')));
      expect(kind, lang).toMatchObject({ textKind: 'guide', textKindBy: 'shape' });
      // The rows: each label line, the line right above it (an entry's heading), the label's continuation.
      expect(kind.heldRows?.length, lang).toBeGreaterThanOrEqual(4);
    }
    expect(labelledEntries(linesOf(CATALOGUE.en.join('\n')))?.rows).toEqual([2, 3, 4, 5, 7, 8, 9, 10]);
    // A title over a blank line is no entry's heading.
    expect(labelledEntries(linesOf(['Notes', '', ...CATALOGUE.zh].join('\n')))?.rows).toEqual([3, 4, 5, 7, 8, 9]);
  });

  it('no template repeated, one mode, a report sign or a first-person line: no catalogue', () => {
    const none = (text: string[], why: string) => expect(labelledEntries(linesOf(text.join('\n'))), why).toBeUndefined();
    // One Cause/Fix block (a root-cause note) never repeats its labels.
    none(CATALOGUE.en.slice(0, 5), 'one entry');
    // The same failure mode in every entry.
    none(CATALOGUE.en.map((l) => l.replace('unauthorized: gateway token mismatch', 'disconnected (1008): pairing required')), 'one mode');
    // One run's output, or its author.
    none([...CATALOGUE.en, '2026-11-30T10:01:02Z [gateway] listening on ws://127.0.0.1:18789'], 'a clock time and a log level');
    none([...CATALOGUE.en, 'I still get it after the fix.'], 'first person');
    // A log pasted twice repeats its own label lines, word for word: no template.
    const twice = ['gateway connect failed: Error: gateway closed (1008): pairing required', 'Gateway target: ws://127.0.0.1:18789', 'Source: local loopback'];
    none([...twice, 'unauthorized: gateway token mismatch', ...twice], 'a log pasted twice');
    // A URL's or a clock's colon is no label.
    expect(labelledEntries(linesOf(['http://a', 'https://b', 'http://c'].join('\n')))).toBeUndefined();
  });

  // review21a item 1: a user's own incident or learning notes wear the same labels (two entries, two modes, no
  // "I", no clock) — a dated or incident heading, an open "Fix: TODO", a LAN address or an entry told as "then …"
  // marks them as notes, and each keeps its findings (written as other users would, not the reviewer's pastes).
  const NOTES = {
    dated: [
      '### outage notes 2026-11-28',
      'Symptom: service would not come back after reboot',
      'Cause: Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789 (old launchd job)',
      'Fix: launchctl bootout the old job, openclaw gateway start',
      '',
      'Symptom: browser tab showed disconnected (1008): pairing required',
      'Cause: fresh Chrome profile',
      'Fix: openclaw devices approve --latest',
    ],
    open: [
      'Symptom: laptop CLI gets unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)',
      'Cause: rotated the token on the VPS on Monday',
      'Fix: TBD',
      '',
      'Symptom: tablet dashboard says origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)',
      'Cause: moved to a new subdomain',
      'Fix: TODO allowedOrigins',
    ],
    bullets: [
      '* **Symptom**: control ui requires device identity (use HTTPS or localhost secure context) on http://10.0.0.12:18789',
      '* **Cause**: dashboard opened over plain http from the NAS',
      '* **Fix**: switched to tailscale serve',
      '',
      '* **Symptom**: then unauthorized: gateway token missing (open the dashboard URL and paste the token in Control UI settings)',
      '* **Cause**: the new https origin had no token stored',
      '* **Fix**: pasted it in settings',
    ],
  };
  const FOUND = { dated: ['port-bind/gateway-port-in-use', 'pairing/control-ui-new-browser'], open: ['origin/origin-not-allowed', 'token-auth/gateway-token-mismatch'], bullets: ['secure-context/control-ui-insecure-context', 'token-auth/gateway-token-missing'] };

  it('a user\'s own incident or learning notes in the labelled form are no catalogue: their findings stay', async () => {
    for (const [name, text] of Object.entries(NOTES)) {
      expect(labelledEntries(linesOf(text.join('\n'))), name).toBeUndefined();
      const ids = evaluate(rules, await factsOf(text.join('\n'))).findings.map((f) => f.ruleId);
      expect(ids, name).toEqual(expect.arrayContaining(FOUND[name as keyof typeof FOUND]));
    }
    // Each sign alone turns the catalogue into notes: a heading's date, "incident", an open value, a LAN address, a sequence.
    for (const line of ['## 2026-12-01', 'Gateway incident', 'Fix: not yet', 'Host: 192.168.1.30', 'Symptom: then it dropped again']) {
      expect(labelledEntries(linesOf([...CATALOGUE.en, '', line].join('\n'))), line).toBeUndefined();
    }
  });

  it('holds what rests on the entries only: the catalogue\'s findings are mentioned', async () => {
    const facts = await factsOf(CATALOGUE.en.join('\n'));
    const out = evaluate(rules, facts);
    expect(out.findings).toEqual([]);
    expect(out.results.filter((r) => r.reason?.startsWith('mentioned: ')).length).toBeGreaterThan(0);
  });
});
