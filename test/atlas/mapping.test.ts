// Issue #12 item 2: every atlas message is accounted for by knowledge/atlas/causes.json5, either as
// a cause (a rule id or a rule category) or as "not a connection problem" with a reason.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM script without type declarations
import { classify, compileMatch, globRegex, loadAtlas, loadCauses } from '../../scripts/atlas/causes.mjs';
// @ts-expect-error -- plain ESM script without type declarations
import { fillHoles } from '../../scripts/atlas/fill.mjs';

interface Entry {
  match?: Record<string, unknown>;
  cause?: string;
  not?: string;
}
interface Row {
  message: { id: string; text: string; topic: string; kind: string };
  index: number;
}

const root = path.resolve(__dirname, '..', '..');
const rulesDir = path.join(root, 'rules');
const categories = fs.readdirSync(rulesDir).filter((d) => fs.statSync(path.join(rulesDir, d)).isDirectory());
const ruleIds = new Set(
  categories.flatMap((c) =>
    fs
      .readdirSync(path.join(rulesDir, c))
      .filter((f) => f.endsWith('.json') && !f.endsWith('.cases.json'))
      .map((f) => (JSON.parse(fs.readFileSync(path.join(rulesDir, c, f), 'utf8')) as { id: string }).id),
  ),
);
const causes = loadCauses() as Entry[];
const rows = classify(loadAtlas(), causes) as Row[];

describe('atlas → cause mapping', () => {
  it('maps every atlas message', () => {
    const unmapped = rows.filter((r) => r.index < 0).map((r) => `${r.message.id} [${r.message.topic}/${r.message.kind}] ${r.message.text.slice(0, 100)}`);
    expect(unmapped).toEqual([]);
  });

  it('gives every entry exactly one verdict: a cause or a reason it is not one', () => {
    const bad = causes.map((c, i) => ({ i, c })).filter(({ c }) => (typeof c.cause === 'string') === (typeof c.not === 'string') || (c.cause ?? c.not ?? '').trim() === '');
    expect(bad).toEqual([]);
  });

  it('names only causes that exist as a rule id or a rule category', () => {
    const unknown = causes.filter((c) => c.cause !== undefined && !ruleIds.has(c.cause) && !categories.includes(c.cause)).map((c) => c.cause);
    expect(unknown).toEqual([]);
  });

  it('has no dead matcher: each one is the first to take at least one message', () => {
    const taken = new Set(rows.map((r) => r.index));
    const dead = causes.map((c, i) => ({ i, c })).filter(({ i }) => !taken.has(i)).map(({ i, c }) => `#${i} ${JSON.stringify(c.match)}`);
    expect(dead).toEqual([]);
  });
});

describe('matchers', () => {
  it('globs cross folders only with **', () => {
    expect(globRegex('src/daemon/**').test('src/daemon/systemd/unit.ts')).toBe(true);
    expect(globRegex('src/cli/*').test('src/cli/gateway-cli/run.ts')).toBe(false);
    expect(globRegex('src/cli/*').test('src/cli/ports.ts')).toBe(true);
  });

  it('requires every given field (topic, kind, text, notText, file)', () => {
    const m = { id: 'x', text: 'gateway token mismatch', topic: 'auth', kind: 'close-reason', where: [{ file: 'src/gateway/auth.ts' }] };
    expect(compileMatch({ topic: 'auth', kind: ['close-reason', 'throw'], text: 'TOKEN MISMATCH' })(m)).toBe(true);
    expect(compileMatch({ topic: 'auth', kind: 'throw' })(m)).toBe(false);
    expect(compileMatch({ text: 'token', notText: 'mismatch' })(m)).toBe(false);
    expect(compileMatch({ file: 'src/gateway/**' })(m)).toBe(true);
    expect(compileMatch({ file: 'src/cli/**' })(m)).toBe(false);
  });
});

describe('fillHoles', () => {
  it('fills holes by name and prints string literals inside calls', () => {
    expect(fillHoles('refusing to bind gateway to ${bindHost}:${params.port} without auth')).toBe('refusing to bind gateway to 127.0.0.1:18789 without auth');
    expect(fillHoles('Run `${formatCliCommand("openclaw setup")}` now')).toBe('Run `openclaw setup` now');
  });

  it('fills nested holes as one value', () => {
    expect(fillHoles('closed (${code}): ${a ? `x${b}` : "y"}!')).not.toContain('${');
  });
});
