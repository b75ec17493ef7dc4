// Whose gateway (issue #12 item 7): the engine holds back rules whose evidence is the paste alone when
// the paste is about another product's gateway (paste.derived.gatewayOwner `other`), keeps rules that
// read this machine's config, and the fallback says whose gateway it looks like instead of a cause.
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { evaluate, evaluateRule } from '../../src/engine/evaluate.js';
import { answerFallback, needsFallback } from '../../src/engine/fallback/answer.js';
import type { LexiconIndex } from '../../src/engine/fallback/types.js';
import { deriveFacts } from '../../src/derive/index.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { buildIndexFromFiles } from '../../src/rules/lexicon.js';
import type { Facts, Rule } from '../../src/types.js';

let rules: Rule[];
let index: LexiconIndex;

beforeAll(async () => {
  rules = await loadBuiltinRules();
  index = buildIndexFromFiles(rules);
});

const factsOf = async (text: string, extra: Partial<Facts> = {}): Promise<Facts> => deriveFacts({ flags: {}, paste: await pasteFromString(text), ...extra } as Facts);

const REFUSED = 'upstream: gateway connection refused (ECONNREFUSED)';
const pasteRule: Rule = {
  id: 'demo/refused',
  title: 'refused',
  category: 'gateway-down',
  severity: 'error',
  cause: 'gateway-down/connection-refused',
  specificity: 50,
  when: { paste: { regex: 'gateway[^\\n]{0,40}refused' } },
  message: 'refused',
  fix: { tier: 'manual', steps: ['start it'] },
} as unknown as Rule;
const configRule: Rule = {
  ...pasteRule,
  id: 'demo/refused-and-bind',
  when: { all: [{ paste: { regex: 'gateway[^\\n]{0,40}refused' } }, { fact: { path: 'config.value.gateway.bind', op: 'eq', value: 'lan' } }] },
} as unknown as Rule;
const config = { path: '/x/openclaw.json', reason: 'flag', found: true, value: { gateway: { bind: 'lan' } }, derived: { secrets: [] } } as unknown as Facts['config'];

describe('rules on another product\'s gateway', () => {
  it('holds back a rule whose only evidence is the paste, and says why', async () => {
    const other = evaluateRule(pasteRule, await factsOf(`Kong gateway in front of the shop API\n${REFUSED}`));
    expect(other.status).toBe('pass');
    expect(other.reason).toMatch(/another product's gateway: Kong \(line 1\)/);
    // The same lines without the product, or with an OpenClaw marker beside it, still fire.
    expect(evaluateRule(pasteRule, await factsOf(`nginx in front of the shop API\n${REFUSED}`)).status).toBe('fail');
    expect(evaluateRule(pasteRule, await factsOf(`Kong gateway in front of openclaw\n${REFUSED}`)).status).toBe('fail');
  });

  it('keeps a rule that also stands on this machine\'s config', async () => {
    const r = evaluateRule(configRule, await factsOf(`Kong gateway in front\n${REFUSED}`, { config }));
    expect(r.status).toBe('fail');
  });

  it('keeps a rule that cannot fire without the config even when the config gives no evidence (a condition that holds by an absence)', async () => {
    const absent = { ...pasteRule, id: 'demo/refused-no-auth', when: { all: [{ paste: { regex: 'gateway[^\\n]{0,40}refused' } }, { fact: { path: 'config.value.gateway.auth', op: 'missing' } }] } } as unknown as Rule;
    const r = evaluateRule(absent, await factsOf(`Kong gateway in front\n${REFUSED}`, { config }));
    expect(r.status).toBe('fail');
    expect(r.evidence.every((e) => e.source === 'paste')).toBe(true);
  });

  it('leaves the built-in catalogue silent on generic words about another product, and firing with OpenClaw\'s port', async () => {
    const kong = 'Kong gateway: connect() failed (111: Connection refused) while connecting to upstream\ngateway connection refused on every request';
    expect((await factsOf(kong)).paste?.derived?.gatewayOwner).toBe('other');
    expect(evaluate(rules, await factsOf(kong)).findings).toEqual([]);
    const behind = `${kong}\ncurl: (7) Failed to connect to 127.0.0.1 port 18789: Connection refused`;
    expect(evaluate(rules, await factsOf(behind)).findings.map((f) => f.ruleId)).toContain('gateway-down/connection-refused');
  });
});

describe('the fallback on another product\'s gateway', () => {
  const PROSE = 'after upgrading, the gateway service does not start and the port seems to be taken by another process';

  it('says whose gateway it looks like instead of ranking an OpenClaw cause', async () => {
    const facts = await factsOf(`Kong gateway: ${PROSE}`);
    const out = evaluate(rules, facts);
    expect(needsFallback(facts, out, index.model.strongSpecificity)).toBe(true);
    const a = answerFallback(rules, facts, out, index);
    expect(a.candidates).toEqual([]);
    expect(a.undiagnosed?.notGateway[0]).toMatchObject({ owner: 'Kong', line: 1 });
    expect(a.undiagnosed?.notGateway[0]?.why).toMatch(/the gateway of Kong \(an API gateway\), not OpenClaw's/);
  });

  it('ranks the causes as before when no product is named (control)', async () => {
    const facts = await factsOf(PROSE);
    const a = answerFallback(rules, facts, evaluate(rules, facts), index);
    expect(a.candidates.length).toBeGreaterThan(0);
    expect(a.undiagnosed).toBeUndefined();
  });
});
