// review31i: the fallback drops a lexical candidate only from lines the ENGINE ruled out for its rule — a pattern of
// the rule matches the line and that pattern's own notOnLine matches it too — never on an exclusion alone (bug31's
// first fix dropped OpenClaw's exact messages and offered a sibling from the ruled-out line). Built-in rules through the
// pipeline's harness; user rules (`--rules`) through api diagnose.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose as apiDiagnose } from '../../src/api/index.js';
import type { Condition, Finding } from '../../src/types.js';
import { diagnose, loadAnswerRules } from './answer.helpers.js';

beforeAll(loadAnswerRules);

const ids = (fs: readonly Finding[]) => fs.map((f) => f.ruleId);
const kindOf = (fs: readonly Finding[], id: string) => fs.find((f) => f.ruleId === id)?.candidate?.kind ?? (fs.some((f) => f.ruleId === id) ? 'rule' : undefined);

describe('built-in rules: the engine\'s exclusion, no wider (review31i)', () => {
  it('OpenClaw\'s exact messages and plain reports stay offered where no pattern of the rule matches the line', async () => {
    const NA = 'gateway-down/gateway-not-answering';
    // `^Gateway service` is an exclusion of a status-table pattern that none of these lines match.
    for (const [text, id, kind] of [
      ['Gateway service: 网关未在预期时间内就绪', NA, 'exact'],
      ['Gateway service 启动后：网关未能在规定时间内启动成功', NA, 'exact'],
      ['openclaw tui: トークン不一致 (gmail watcher hook token は別)', 'token-auth/gateway-token-mismatch', 'exact'],
      ['│ Gateway service │ systemd installed · running, but did not answer in time (health check timeout) │', NA, 'lexical'],
      ['Gateway service: did not answer in time, timeout waiting for the health check', NA, 'lexical'],
      ['Gateway service: did not answer in time, timeout waiting for the health check\r', NA, 'lexical'],
    ] as const) {
      expect(kindOf((await diagnose(`${text}\n`)).findings, id), text).toBe(kind);
    }
  });

  it('a line the rule\'s own pattern and exclusion both match offers neither the rule nor a sibling of its category', async () => {
    // A changelog-shaped bullet: gateway-restart-loop's pattern matches "restart loop" and its own exclusion the bullet.
    const bullet = (await diagnose('- gateway: stops, crashes and keeps being restarted by systemd in a restart loop\n')).findings;
    expect(ids(bullet)).not.toContain('gateway-down/gateway-restart-loop');
    expect(ids(bullet)).not.toContain('gateway-down/container-restart-loop');
    expect(bullet.filter((f) => f.category === 'gateway-down')).toEqual([]);
  });

  it('a sibling is scored on the lines left once the ruled-out one is gone: one shared word elsewhere offers it not (review32c)', async () => {
    const bullet = '- gateway: stops, crashes and keeps being restarted by systemd in a restart loop\n';
    // Its score came from the bullet's words; "container" / "crashed" on the other line alone is under the floor.
    for (const extra of ['the container was fine yesterday', 'it crashed twice today', 'Error: gateway crashed', 'running in docker compose on ubuntu']) {
      const f = (await diagnose(`${bullet}${extra}\n`)).findings;
      expect(f.filter((x) => x.category === 'gateway-down').map((x) => x.ruleId), extra).toEqual([]);
      // Whatever is offered never quotes the ruled-out line.
      expect(f.flatMap((x) => x.evidence.map((e) => e.line)), extra).not.toContain(1);
    }
    // Near miss: the extra line alone offers nothing either (the rescoring takes nothing away from a line of its own).
    expect((await diagnose('openclaw gateway log\nthe container was fine yesterday\n')).findings.filter((x) => x.category === 'gateway-down')).toEqual([]);
  });

  it('a sibling scoring above the ruled-out rule is not offered from its words: every fitting rule is asked first (s06)', async () => {
    const bullet = '- gateway: stops, crashes and keeps being restarted by systemd in a restart loop\n';
    const f = (await diagnose(`${bullet}last log line: shutting down\n`)).findings;
    expect(f.filter((x) => x.category === 'gateway-down').map((x) => x.ruleId)).toEqual([]);
    // The other line's own words still count: "restarting" there offers gateway-restarting.
    const restarting = (await diagnose(`${bullet}last log line: shutting down, restarting\n`)).findings;
    expect(restarting.map((x) => x.ruleId)).toEqual(['gateway-down/gateway-restarting']);
    // Near miss: a report of its own (no ruled-out line) still gets the gateway-down category.
    const own = (await diagnose('openclaw gateway keeps crashing and restarting in a loop, systemd restarts it every few seconds\n')).findings;
    expect(own.map((x) => x.category)).toContain('gateway-down');
  });

  it('a paste past the ranker\'s query cap (200,000 characters): its lines past the cap are not read, nothing throws', async () => {
    const line = (i: number) => `2026-12-07T08:00:00Z openclaw gateway: the reverse proxy answered 502 bad gateway, upstream unreachable seq=${i}`;
    const text = Array.from({ length: 3000 }, (_x, i) => line(i)).join('\n');
    expect(text.length).toBeGreaterThan(200_000);
    const { findings } = await diagnose(`${text}\n`);
    expect(findings.length).toBeGreaterThan(0);
  });

  it('OpenClaw\'s exact message stands on a line its rule\'s exclusion rules out: the exclusions misread the prose around it', async () => {
    // The engine rules these lines out for websocket-dropped-1006 ("telegram bot … (1006", "slack bot … (1006"); the
    // reports are the Control UI's dropped connection. User rules have no exact messages (their gap was lexical).
    for (const text of ['我的 telegram bot 不回复了，控制台显示 异常关闭 (1006)', 'My slack bot is fine. The Control UI shows 异常关闭 (1006)', 'not a telegram bot issue: the dashboard shows 異常關閉 (1006)']) {
      expect(kindOf((await diagnose(`${text}\n`)).findings, 'gateway-down/websocket-dropped-1006'), text).toBe('exact');
    }
  });
});

// User rules: what the engine rules out is decided per pattern (review31i items 1 and 2).
const rule = (id: string, title: string, when: Condition) => ({
  $schema: '../../schema/rule.schema.json',
  id,
  title,
  category: 'other',
  severity: 'warning',
  when,
  band: 'hint',
  specificity: 5,
  message: `${title}.`,
  fix: { tier: 'manual', steps: ['Look at it.'] },
});
const RULES = [
  rule('custom/widget-refused', 'Widget backend refused', { paste: { regex: 'widget backend refused', notOnLine: '\\bzork\\b' } }),
  // Its sibling (same category), never fired by the engine here: offered only from a line of its own.
  rule('custom/gizmo-stalled', 'Gizmo proxy stalled the widget backend', { paste: { regex: 'gizmo proxy stalled the widget backend for good' } }),
  // The exclusion belongs to the first pattern; a line only the second pattern's words are on is not ruled out.
  rule('custom/sprocket-jam', 'Sprocket overheated and jammed', { any: [{ paste: { regex: 'sprocket jammed hard', notOnLine: '\\bquux\\b' } }, { paste: { regex: 'sprocket overheated badly' } }] }),
  // A pattern under `not` fires nothing: its exclusion rules nothing out.
  // A dropped rule and its sibling (same category, different words): review32c's u20.
  { ...rule('custom/blorp-crash', 'Blorp service crashed with a segfault', { paste: { regex: 'blorp service crashed', notOnLine: '\\bdocker\\b' } }), category: 'rate-limit' },
  { ...rule('custom/blorp-oom', 'Blorp service crashed out of memory', { paste: { regex: 'blorp[^\\n]{0,40}out of memory' } }), category: 'rate-limit' },
  rule('custom/flange-loose', 'Flange bolts loose', { all: [{ paste: { regex: 'flange bolts loose again' } }, { not: { paste: { regex: 'flange', notOnLine: '\\bquux\\b' } } }] }),
];

function rulesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ckd-ruled-out-'));
  mkdirSync(join(dir, 'custom'));
  for (const r of RULES) {
    const name = r.id.split('/')[1]!;
    writeFileSync(join(dir, 'custom', `${name}.json`), JSON.stringify(r));
    const cases = { $schema: '../../schema/cases.schema.json', rule: r.id, positive: [{ paste: 'x' }], negative: [{ paste: 'y' }] };
    writeFileSync(join(dir, 'custom', `${name}.cases.json`), JSON.stringify(cases));
  }
  return dir;
}

describe('user rules: ruled out per pattern, every line, no sibling from a ruled-out line', () => {
  const DIR = rulesDir();
  // A line naming the gateway: the lexical ranker needs a paste naming OpenClaw (lexicalNeedsName).
  const HEAD = '2026-12-07T08:00:00Z [gateway] ready\n';
  const run = async (body: string) => (await apiDiagnose({ paste: HEAD + body, rules: [DIR], probe: false, env: false, processEnv: { ...process.env, CLAWKIT_DOCTOR_NO_CACHE: '1' } })).findings;

  it('the ruled-out line offers neither the rule nor its sibling; a line of the sibling\'s own does', async () => {
    expect(ids(await run('zork widget backend refused\n'))).toEqual([]);
    const own = await run('zork widget backend refused\ngizmo proxy stalled\n');
    expect(ids(own)).toEqual(['custom/gizmo-stalled']);
    expect(own[0]!.evidence.map((e) => e.line)).toContain(3);
  });

  it('a sibling with one word of its own on another line is not offered from the ruled-out line\'s words (review32c)', async () => {
    for (const extra of ['memory usage looks normal', 'free memory: 3.1 GB']) {
      const f = await run(`docker: blorp service crashed with a segfault\n${extra}\n`);
      expect(ids(f), extra).not.toContain('custom/blorp-oom');
      expect(ids(f), extra).not.toContain('custom/blorp-crash');
    }
    // The sibling's own line still offers it (its evidence is that line, never the ruled-out one).
    const own = await run('docker: blorp service crashed with a segfault\nblorp worker ran out of memory, killed by the kernel oom killer\n');
    expect(ids(own)).toContain('custom/blorp-oom');
    expect(own.find((x) => x.ruleId === 'custom/blorp-oom')!.evidence.map((e) => e.line)).not.toContain(2);
  });

  it('a sibling with more of the ruled-out line\'s words than the ruled-out rule is not offered from them (s06)', async () => {
    for (const extra of ['gizmo checked', 'the gizmo was fine']) {
      const f = await run(`zork widget backend refused stalled\n${extra}\n`);
      expect(ids(f), extra).not.toContain('custom/gizmo-stalled');
      expect(ids(f), extra).not.toContain('custom/widget-refused');
    }
    // Its own line still offers it.
    expect(ids(await run('zork widget backend refused stalled\ngizmo proxy stalled the widget backend\n'))).toContain('custom/gizmo-stalled');
  });

  it('the unprefixed repeat of a ruled-out line (an error print under it) is ruled out as the engine rules it out', async () => {
    expect(ids(await run('zork widget backend refused\nError: widget backend refused\n'))).toEqual([]);
    // Not a repeat (no error head, not part of the line before): the rule's own line.
    expect(ids(await run('zork widget backend refused\nour widget backend refused twice\n'))).toContain('custom/widget-refused');
  });

  it('every line holding the words counts, not only the best two', async () => {
    const f = await run('zork widget backend refused\nzork widget backend refused again\nwidget backend down\n');
    expect(kindOf(f, 'custom/widget-refused')).toBe('lexical');
    // Its evidence is the line left to it, never a ruled-out one (review32c should-fix).
    expect(f.find((x) => x.ruleId === 'custom/widget-refused')!.evidence.map((e) => e.line)).toEqual([4]);
    expect(ids(await run('zork widget backend refused\nzork widget backend refused again\n'))).toEqual([]);
  });

  it('an exclusion rules out only lines its own pattern matches; patterns under `not` rule nothing out', async () => {
    // "quux" is the first pattern's exclusion, but neither pattern matches the line: not ruled out.
    expect(kindOf(await run('quux: the sprocket overheated and then jammed\n'), 'custom/sprocket-jam')).toBe('lexical');
    // The first pattern matches and its exclusion too: ruled out.
    expect(ids(await run('quux: sprocket jammed hard, overheated\n'))).not.toContain('custom/sprocket-jam');
    expect(kindOf(await run('quux: flange bolts loose\n'), 'custom/flange-loose')).toBe('lexical');
  });
});
