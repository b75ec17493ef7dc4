// A config KEY equal to a word token (hostile-input 2bo "Not merged: leak25", 2bq): the schema finding read
// `*** is not a key this release knows` and gateway-key-at-root `Move *** under gateway.` while the diff and
// the evidence showed the key — comparing them told the token. Facts that are keys are typed KEY
// (src/rules/fact-shape.ts), the run's Redactor is told the run's keys (per run: two runs in one process do
// not see each other's keys or fixer diffs), and a word token is kept as a key, masked as every value.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Redactor, slotKeepable } from '../src/shared/redact.js';
import { keySlots, publicProse } from '../src/report/public-prose.js';
import { isKeyFactPath, runKeysOf } from '../src/rules/key-facts.js';
import { loadBuiltinRules } from '../src/rules/load.js';
import { diagnose, planFixes } from '../src/api/index.js';
import type { Facts, Rule } from '../src/types.js';
import { runInProcess } from './cli/run.js';

describe('KEY facts and slots', () => {
  it('types the key-valued facts, not their neighbours', () => {
    for (const p of ['config.derived.rootGatewayKey', 'config.derived.schemaIssueList', 'config.derived.unknownKeys.0.key', 'config.derived.unknownKeys.*.path', 'config.derived.unknownKeyList'])
      expect(isKeyFactPath(p), p).toBe(true);
    for (const p of ['config.derived.rootGatewayKeyAt', 'config.derived.unknownKeys.0.suggestionTaken', 'config.value.bind', 'config.derived.bind', 'paste.kept.0.text', 'config.derived.unknownKeys.x.key'])
      expect(isKeyFactPath(p), p).toBe(false);
  });
  it('a slot is the literal text around a KEY capture, anchored where the template is', () => {
    expect(keySlots(['Move {{key}} under gateway.', '{{at}}: "{{key}}" is {{other}}', '{{key}}'], new Set(['key']))).toEqual([
      { pre: 'Move ', post: ' under gateway.', atStart: true, atEnd: true },
      { pre: ': "', post: '" is ', atStart: false, atEnd: false },
      { pre: '', post: '', atStart: true, atEnd: true },
    ]);
  });
  it('a capture named by a paste group too is not KEY (its text may be any user text)', () => {
    const fact = { fact: { path: 'config.derived.rootGatewayKey', op: 'exists', as: 'key' } };
    const rule = (when: unknown) => ({ id: 'x/y', title: 't', message: 'Move {{key}} under gateway.', when }) as unknown as Rule;
    expect(publicProse([rule({ all: [fact] })])('x/y')?.slots).toHaveLength(1);
    expect(publicProse([rule({ any: [fact, { paste: { regex: 'Unrecognized key: "(?<key>\\w+)"' } }] })])('x/y')?.slots).toEqual([]);
  });
  it('every KEY slot in the catalogue can keep its key (else its prose masks what its evidence shows: review26a 1)', async () => {
    const rules = await loadBuiltinRules();
    const prose = publicProse(rules);
    const bad = rules.flatMap((r) => (prose(r.id)?.slots ?? []).filter((sl) => !slotKeepable(sl)).map((sl) => `${r.id}: ${JSON.stringify(sl)}`));
    expect(bad).toEqual([]);
    expect(slotKeepable({ pre: ': ', post: ' uses ${', atStart: false, atEnd: false })).toBe(false);
    // The unset-env-var pair (a root `zebra: "${NOPE_VAR}"` read `*** uses ${NOPE_VAR}` beside `unsetEnvRefPath = zebra`).
    for (const id of ['config-parse/unset-env-var', 'config-parse/unset-env-var-runtime-token']) expect(prose(id)?.slots.length, id).toBeGreaterThan(0);
  });
  it('the run keys are the KEY facts\' values and the config\'s object keys', () => {
    const facts = { config: { path: 'x', found: true, value: { bind: 'lan', gateway: { auth: { token: 'bind' } }, list: [{ inner: 'v' }] }, derived: { secrets: [], rootGatewayKey: 'bind', schemaIssueList: 'bind is not a key this release knows (line 2:3)' } } } as unknown as Facts;
    expect(runKeysOf(facts).sort()).toEqual(['auth', 'bind', 'bind is not a key this release knows (line 2:3)', 'gateway', 'inner', 'list', 'token'].sort());
  });
});

describe('Redactor: a word token kept in a KEY slot or KEY evidence that holds one of the run\'s keys, masked elsewhere', () => {
  const rule = {
    id: 'config-parse/x',
    title: 'A gateway setting is at the top level',
    message: '"{{key}}" is a gateway setting at the top level; the value was {{value}}.',
    when: { all: [{ fact: { path: 'config.derived.rootGatewayKey', op: 'exists', as: 'key' } }, { fact: { path: 'config.value.mode', op: 'exists', as: 'value' } }] },
    fix: { tier: 'prompt', summary: 'Move {{key}} under gateway.', steps: ['Move "{{key}}" into the gateway block.'] },
  } as unknown as Rule;
  const finding = (key: string, value: string) => ({
    ruleId: rule.id,
    message: `"${key}" is a gateway setting at the top level; the value was ${value}.`,
    evidence: [{ source: 'config', path: 'config.derived.rootGatewayKey', value: key }, { source: 'config', path: 'config.value.mode', value }],
    fix: { tier: 'prompt', summary: `Move ${key} under gateway.`, steps: [`Move "${key}" into the gateway block.`] },
  });
  const prose = publicProse([rule]);
  it('keeps the key, masks the value equal to it', () => {
    const r = new Redactor(['bind']).tellKeys(() => ['bind']);
    expect(r.redactJson(finding('bind', 'bind'), prose)).toEqual({
      ruleId: rule.id,
      message: '"bind" is a gateway setting at the top level; the value was ***.',
      evidence: [{ source: 'config', path: 'config.derived.rootGatewayKey', value: 'bind' }, { source: 'config', path: 'config.value.mode', value: '***' }],
      fix: { tier: 'prompt', summary: 'Move bind under gateway.', steps: ['Move "bind" into the gateway block.'] },
    });
  });
  it('a run not told the key (another run\'s keys, or none) masks it', () => {
    new Redactor(['bind']).tellKeys(() => ['bind']);
    const other = new Redactor(['bind']).tellKeys(() => ['zebra']);
    for (const r of [new Redactor(['bind']), other]) expect(JSON.stringify(r.redactJson(finding('bind', 'x'), prose))).not.toContain('bind');
  });
  it('a value that imitates the slot\'s words is not the slot (the anchors)', () => {
    const r = new Redactor(['bind']).tellKeys(() => ['bind']);
    // `Move bind under gateway.` inside a longer summary is not the template's whole summary.
    expect(r.redactJson({ ruleId: rule.id, fix: { summary: 'x Move bind under gateway.' } }, prose)).toEqual({ ruleId: rule.id, fix: { summary: 'x Move *** under gateway.' } });
  });
  it('a fix operation\'s pointer keeps a key segment, its value is masked', () => {
    const r = new Redactor(['bind']).tellKeys(() => ['bind', 'gateway']);
    expect(r.redactJson({ ruleId: rule.id, ops: [{ op: 'move', from: '/bind', path: '/gateway/bind' }, { op: 'add', path: '/bind', value: 'bind' }] }, prose)).toEqual({
      ruleId: rule.id,
      ops: [{ op: 'move', from: '/bind', path: '/gateway/bind' }, { op: 'add', path: '/bind', value: '***' }],
    });
    expect(new Redactor(['bind']).redactJson({ ruleId: rule.id, ops: [{ op: 'move', from: '/bind', path: '/x' }] }, prose)).toEqual({ ruleId: rule.id, ops: [{ op: 'move', from: '/***', path: '/x' }] });
  });
  it('config text (SARIF\'s replacement content) keeps a word token as a key and masks it as a value', () => {
    const r = new Redactor(['bind']);
    expect(r.redactConfig('  "bind": "lan",\n  "x": "bind",\n  bind: 1')).toBe('  "bind": "lan",\n  "x": "***",\n  bind: 1');
    expect(r.redact('  "bind": "lan"')).toBe('  "***": "lan"');
  });
  it('a slot with too little literal text masks the key, and so does its rule\'s KEY evidence (M4)', () => {
    const short = { ...rule, id: 'config-parse/short', message: '{{at}}: {{key}} uses {{value}}.', fix: undefined } as unknown as Rule;
    const long = { ...short, id: 'config-parse/long', message: '{{at}}: the key {{key}} uses {{value}}.' } as unknown as Rule;
    const p = publicProse([short, long]);
    const r = new Redactor(['bind']).tellKeys(() => ['bind']);
    const ev = [{ source: 'config', path: 'config.derived.rootGatewayKey', value: 'bind' }];
    expect(r.redactJson({ ruleId: short.id, message: '/c.json:2:3: bind uses x.', evidence: ev }, p)).toEqual({ ruleId: short.id, message: '/c.json:2:3: *** uses x.', evidence: [{ ...ev[0], value: '***' }] });
    expect(r.redactJson({ ruleId: long.id, message: '/c.json:2:3: the key bind uses x.', evidence: ev }, p)).toEqual({ ruleId: long.id, message: '/c.json:2:3: the key bind uses x.', evidence: ev });
  });
  it('only a finding\'s own evidence items are KEY evidence, never a {path, value} object inside a value (review26a 2)', () => {
    const r = new Redactor(['bind']).tellKeys(() => ['bind', 'x', 'path', 'value']);
    const inner = { path: 'config.derived.rootGatewayKey', value: 'bind' };
    const got = r.redactJson({ ruleId: rule.id, evidence: [{ source: 'config', path: 'config.value', value: { x: inner } }, { source: 'config', path: 'config.value.x', value: inner }] }, prose);
    expect(JSON.stringify(got)).not.toContain('"bind"');
    expect(r.redactJson({ x: inner, evidence: [inner] }, prose)).toEqual({ x: { ...inner, value: '***' }, evidence: [{ ...inner, value: '***' }] });
  });
  it('a word the paste shows standing alone is masked as a key too, everywhere in the run (review26a 3)', () => {
    const paste = () => ['Invalid config at /root/.openclaw/openclaw.json:', '- <root>: Unrecognized key: "bind"'];
    const r = new Redactor(['bind']).tellKeys(() => ['bind', 'gateway'], paste);
    expect(JSON.stringify(r.redactJson(finding('bind', 'x'), prose))).not.toContain('bind');
    expect(r.redactJson({ ruleId: rule.id, ops: [{ op: 'move', from: '/bind', path: '/gateway/bind' }] }, prose)).toEqual({ ruleId: rule.id, ops: [{ op: 'move', from: '/***', path: '/gateway/***' }] });
    expect(r.redactConfig('  bind: "lan"')).toBe('  ***: "lan"');
    expect(r.redactDiff('-  bind: "lan"')).toBe('-  ***: "lan"');
    const issue = { source: 'config', path: 'config.derived.schemaIssueList', value: 'bind is not a key this release knows (line 2:3)' };
    const r2 = new Redactor(['bind']).tellKeys(() => ['bind', issue.value], paste);
    expect(r2.redactJson({ ruleId: rule.id, evidence: [issue] }, prose)).toEqual({ ruleId: rule.id, evidence: [{ ...issue, value: '*** is not a key this release knows (line 2:3)' }] });
    // Inside a longer word (`gateway.bind`, `binding`) the paste does not show it: still kept as a key.
    const kept = new Redactor(['bind']).tellKeys(() => ['bind'], () => ['gateway.bind=lan', 'binding']);
    expect(kept.redactJson(finding('bind', 'x'), prose)).toMatchObject({ message: '"bind" is a gateway setting at the top level; the value was x.' });
  });
  it('the catalogue\'s gateway-key-at-root slots are found (KEY capture `key`)', async () => {
    const rules = await loadBuiltinRules();
    const got = publicProse(rules)('config-parse/gateway-key-at-root');
    expect(got?.slots.map((s) => s.pre + '{{key}}' + s.post)).toContain('Move {{key}} under gateway.');
  });
});

/** Every `***` in the output stands for a value (the token's, or the value equal to the token), never a key. */
const VALUE_MASK = /(?:token|zebranote)(?:\\?["']?\s*[:=]|",\s*"value":)\s*\\?["']?\*\*\*/g;

describe('end to end: a root key equal to the word token prints as the key everywhere, the value equal to it nowhere', () => {
  const root = mkdtempSync(join(tmpdir(), 'ckd-keys26-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const args = ['--no-probe', '--no-env', '--dry-run', '--yes', '--openclaw-version', '2026.9.6'];
  const configs: Record<string, { text: string; word: string; shown: string[] }> = {
    'token "bind", a root "bind" (gateway-key-at-root, schema-violation) and a value "bind"': {
      text: '{\n  "bind": "lan",\n  "zebranote": "bind",\n  "gateway": { "auth": { "mode": "token", "token": "bind" } }\n}\n',
      word: 'bind',
      shown: ['Move bind under gateway.', '"bind" is a gateway setting', 'bind is not a key this release knows'],
    },
    'token "zebra", a root key "zebra" (schema-violation) (review25a c1)': {
      text: '{\n  zebra: { a: 1 },\n  zebranote: "zebra",\n  gateway: {\n    auth: { mode: "token", token: "zebra" },\n    bind: "lan"\n  }\n}\n',
      word: 'zebra',
      shown: ['zebra is not a key this release knows'],
    },
  };
  for (const [name, c] of Object.entries(configs)) {
    it(name, async () => {
      const home = mkdtempSync(join(root, 'home-'));
      mkdirSync(join(home, '.openclaw'));
      writeFileSync(join(home, '.openclaw', 'openclaw.json'), c.text);
      const formats = [[], ['--json'], ['--format', 'markdown'], ['--format', 'sarif']];
      const outs = await Promise.all(formats.map(async (f) => (await runInProcess([...args, ...f], '', { HOME: home })).stdout));
      const json = JSON.parse(outs[1]!) as { findings: Array<{ ruleId: string }> };
      expect(json.findings.map((f) => f.ruleId)).toContain('config-parse/schema-violation');
      outs.forEach((o, n) => {
        const why = `${formats[n]!.join(' ') || 'human'}`;
        // The key's sentences (markdown escapes nothing here; JSON and SARIF escape the quotes).
        for (const s of c.shown) expect(o.replace(/\\"/g, '"'), `${why}: ${s}`).toContain(s);
        // No `***` but a value's (SARIF: its results; the catalogue's own texts quote "***" as a display mask).
        const shown = n === 3 ? JSON.stringify((JSON.parse(o) as { runs: Array<{ results: unknown }> }).runs[0]!.results, null, 1) : o;
        expect(shown.replace(VALUE_MASK, ''), why).not.toContain('***');
        // The value equal to the token is never printed.
        expect(o, why).not.toMatch(new RegExp(`zebranote\\\\?["']?\\s*:\\s*\\\\?["']${c.word}`));
        // Its masked place is shown (SARIF's results hold no config value for the second config).
        if (n < 3) expect(o, why).toMatch(/zebranote\\?["']?\s*:\s*\\?["']\*\*\*/);
      });
    });
  }
});

describe('end to end, review26a\'s probes: the token shown only as a key and the same in every place, or masked in all', () => {
  const root = mkdtempSync(join(tmpdir(), 'ckd-mend26a-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const formats = [[], ['--json'], ['--format', 'markdown'], ['--format', 'sarif']];
  const run = async (config: string, extra: string[], paste = '') => {
    const home = mkdtempSync(join(root, 'home-'));
    mkdirSync(join(home, '.openclaw'));
    writeFileSync(join(home, '.openclaw', 'openclaw.json'), config);
    const args = ['--no-probe', '--no-env', '--dry-run', '--yes', ...extra];
    // JSON and SARIF escape quotes; SARIF: its results (its rule list quotes the catalogue's own words).
    return Promise.all(
      formats.map(async (f) => {
        const o = (await runInProcess([...args, ...f], paste, { HOME: home })).stdout;
        const text = f[1] === 'sarif' ? JSON.stringify((JSON.parse(o) as { runs: Array<{ results: unknown }> }).runs[0]!.results) : o;
        return { why: f.join(' ') || 'human', text: text.replace(/\\"/g, '"'), raw: o };
      }),
    );
  };
  for (const [version, rule] of [['2026.6.11', 'config-parse/unset-env-var'], ['2026.9.6', 'config-parse/unset-env-var-runtime-token']])
    it(`p3/p19: a root key "zebra" holding an unset \${VAR}, token "zebra" (${rule}): the key in prose and evidence`, async () => {
      const outs = await run('{\n  zebra: "${NOPE_VAR}",\n  gateway: { mode: "local", auth: { mode: "token", token: "zebra" } }\n}\n', ['--openclaw-version', version]);
      for (const { why, text } of outs) {
        expect(text, why).toContain(rule);
        expect(text, why).toContain('the key zebra uses ${NOPE_VAR}');
        expect(text.replace(VALUE_MASK, ''), why).not.toContain('***');
      }
      expect(outs[0]!.text).toContain('config.derived.unsetEnvRefPath = zebra');
    });
  it('p18: a user object shaped {path, value} inside the config is a value, masked; the finding\'s own KEY evidence is kept', async () => {
    const outs = await run('{\n  x: { path: "config.derived.rootGatewayKey", value: "bind" },\n  bind: "lan",\n  gateway: { auth: { mode: "token", token: "bind" } }\n}\n', ['--openclaw-version', '2026.9.6']);
    // The object inside a value (the diff, the config.value evidence; one line in the text formats).
    const nested = /rootGatewayKey\\*"[ ]*,[ ]*\\*"?value\\*"?[ ]*:[ ]*\\*"bind/;
    for (const { why, text } of outs) {
      expect(text, why).not.toMatch(nested);
      expect(text, why).toContain('Move bind under gateway.');
    }
    const json = JSON.parse(outs[1]!.raw) as { findings: Array<{ evidence: Array<{ path?: string; value?: unknown }> }> };
    const inside = json.findings.flatMap((f) => f.evidence.map((e) => JSON.stringify(e.value)));
    expect(inside.some((v) => v.includes('"x":{"path":"config.derived.rootGatewayKey","value":"***"}'))).toBe(true);
    expect(inside.filter((v) => v.includes('"value":"bind"'))).toEqual([]);
    expect(json.findings.flatMap((f) => f.evidence).filter((e) => e.path === 'config.derived.rootGatewayKey').map((e) => e.value)).toEqual(['bind']);
    expect(outs[0]!.text).toContain('config.derived.rootGatewayKey = bind');
    expect(outs[0]!.text).toMatch(/x: \{ path: "config\.derived\.rootGatewayKey", value: "\*\*\*" \}/);
  });
  it('p11: a paste that shows the key (`Unrecognized key: "bind"`) masks it as a key in every finding, the diff and the fix', async () => {
    const outs = await run('{\n  bind: "lan",\n  gateway: { mode: "local", auth: { mode: "token", token: "bind" } }\n}\n', ['--openclaw-version', '2026.9.6'], 'Invalid config at /root/.openclaw/openclaw.json:\n- <root>: Unrecognized key: "bind"\n');
    for (const { why, text } of outs) {
      expect(text, why).toContain('config-parse/gateway-key-at-root');
      expect(text, why).toContain('Move *** under gateway.');
      // Every standing-alone `bind` is masked, and a fix op's `/gateway/bind` beside its masked `from` (`gateway.bind` is a joined word, masked nowhere).
      expect(text.replace(/(?:gateway\.|[\w-])bind|bind[\w-]/g, ''), why).not.toMatch(/\bbind\b/);
    }
    expect(outs[0]!.text).toContain('-  ***: "lan",');
  });
});

describe('library API: two runs in one process do not influence each other', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const file = (text: string) => {
    const d = mkdtempSync(join(tmpdir(), 'ckd-keys26-api-'));
    dirs.push(d);
    writeFileSync(join(d, 'openclaw.json'), text, { mode: 0o600 });
    return join(d, 'openclaw.json');
  };
  const OFFLINE = { probe: false, env: false, openclawVersion: '2026.9.6' } as const;

  it('run 1 keeps its key; run 2 (another token) neither keeps it nor takes run 1\'s diff as a fixer diff', async () => {
    // Run 1: token "quokkatok", a root key "zebra" and a root "bind" to move: the plan's diff shows `zebra` as a key.
    const one = await diagnose({ ...OFFLINE, configPath: file('{\n  "zebra": 1,\n  "bind": "lan",\n  "gateway": { "mode": "local", "auth": { "mode": "token", "token": "quokkatok" } }\n}\n') });
    const oneBefore = JSON.stringify(one);
    const plan = await planFixes(one, { includePrompt: true });
    expect(plan.diff).toContain('"zebra": 1');
    // Run 2: token "zebra"; a config note holds run 1's diff text word for word (user data, not this run's diff).
    const two = await diagnose({ ...OFFLINE, configPath: file(JSON.stringify({ bind: 'lan', zebranote: plan.diff, gateway: { auth: { mode: 'token', token: 'zebra' } } }, null, 2)) });
    expect(two.findings.map((f) => f.ruleId)).toContain('config-parse/gateway-key-at-root');
    expect(JSON.stringify(two)).not.toContain('zebra"');
    expect(JSON.stringify(two)).not.toMatch(/zebra\\?"?:/);
    // Run 2 keeps its own key "bind" only where a KEY fact shows it; run 1's token is no secret of run 2's.
    const three = await diagnose({ ...OFFLINE, configPath: file('{\n  "bind": "lan",\n  "gateway": { "auth": { "mode": "token", "token": "bind" } }\n}\n') });
    const root = three.findings.find((f) => f.ruleId === 'config-parse/gateway-key-at-root')!;
    expect(root.fix.summary).toBe('Move bind under gateway.');
    expect(root.evidence.find((e) => e.path === 'config.derived.rootGatewayKey')?.value).toBe('bind');
    // …and run 1's document, made before, is unchanged by the later runs (no shared state to read back).
    expect(JSON.stringify(one)).toBe(oneBefore);
    expect(oneBefore).not.toContain('quokkatok');
  });
});
