// The listeners' processes looked up only when a rule could read them (src/collectors/env/owners.ts,
// src/engine/pending.ts): a real listener on a loopback port owned by a PID the test started, the walk
// deferred, then run or skipped; and the decision on the built-in port-bind rules.
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectEnv } from '../../src/collectors/env/index.js';
import { lookUpListenerOwners, ownersPending, readsOwners, skipListenerOwners } from '../../src/collectors/env/owners.js';
import { deriveEnv } from '../../src/derive/env.js';
import { mayReadPending, undecidedWithoutPending } from '../../src/engine/pending.js';
import { BUNDLE_FILE, loadBuiltinRules } from '../../src/rules/load.js';
import { isParsed } from '../../src/rules/lazy.js';
import { sourcesOf } from '../../src/engine/evaluate.js';
import type { Facts, Rule } from '../../src/types.js';
import { startListener, stopListener, type Listener } from '../helpers/listener.js';

const linux = process.platform === 'linux' && existsSync('/proc/net/tcp');
const SLOW_OK = { timeoutMs: 60_000, capMs: 60_000, execCapMs: 30_000, exec: false as const };
let listener: Listener | undefined;
let child: ChildProcess | undefined;
let port = 0;
let rules: Rule[];

beforeAll(async () => {
  rules = await loadBuiltinRules();
  if (!linux) return;
  listener = await startListener();
  ({ child, port } = listener);
});

afterAll(() => stopListener(listener));

describe.runIf(linux)('deferred listener owners (a real listener)', () => {
  const collect = (deferOwners: boolean) => collectEnv({ env: {}, homedir: os.tmpdir(), port, deferOwners, ...SLOW_OK });

  it('eager: the listener carries the PID that holds it', async () => {
    const env = await collect(false);
    expect(env.listeners).toEqual([expect.objectContaining({ port, address: '127.0.0.1', pid: child!.pid })]);
    expect(ownersPending(env)).toBe(false);
  });

  it('deferred: no PID until looked up, then the same PID and derived facts as eager', async () => {
    const env = await collect(true);
    expect(env.listeners?.[0]?.pid).toBeUndefined();
    expect(env.ownersNotLookedUp).toBe(true);
    expect(deriveEnv(env)).not.toHaveProperty('portMultipleProcesses');
    await lookUpListenerOwners(env);
    expect(env.listeners?.[0]?.pid).toBe(child!.pid);
    expect(env.ownersNotLookedUp).toBeUndefined();
    const eager = await collect(false);
    expect(deriveEnv(env)).toEqual(deriveEnv(eager));
  });

  it('skipped: the facts say the owners were not looked up', async () => {
    const env = await collect(true);
    skipListenerOwners(env);
    expect(ownersPending(env)).toBe(false);
    expect(env.unknown).toContain('listeners.pid (skipped: no check needed the process)');
    expect(env.listeners?.[0]?.pid).toBeUndefined();
  });
});

describe('which runs need the owners (built-in rules)', () => {
  const env = { gatewayPort: 18789, listeners: [{ port: 18789, address: '127.0.0.1', family: 'IPv4' as const, inode: 1 }], ownersNotLookedUp: true as const };
  const facts = (extra: Partial<Facts>): Facts => {
    const f = { flags: {}, env: { ...env }, ...extra } as Facts;
    f.env!.derived = { ...deriveEnv(f.env!), pasteMentionsGatewayPort: /18789/.test(f.paste?.kept.map((l) => l.text).join('\n') ?? '') };
    return f;
  };
  const paste = (text: string) => ({ source: 'stdin', bytes: text.length, lines: 1, kept: [{ line: 1, text }], sampled: false, binary: false, closes: [], codes: [], requestIds: [], versions: [], urls: [], hosts: [], ports: [], containerHints: [] }) as unknown as Facts['paste'];

  it('the port-bind rules are the built-in readers, and each requires env (mayReadPending reads no other body)', async () => {
    const all = await loadBuiltinRules();
    const paths = (r: Rule) => [...(JSON.stringify(r.when).match(/"path":"[^"]+"/g) ?? []).map((m) => m.slice(8, -1)), ...Object.values(r.bind ?? {})];
    const readers = all.filter((r) => paths(r).some(readsOwners));
    expect(readers.map((r) => r.id).sort()).toEqual(['port-bind/multiple-gateways', 'port-bind/port-conflict']);
    for (const r of readers) expect(sourcesOf(r)).toContain('env');
  });

  it('bodies of rules that do not require env stay unread', async () => {
    // A copy of the bundle: its own lazy rules, none parsed yet (the built-in list is shared by the worker's tests).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clawkit-owners-'));
    for (const f of ['rules.bundle.json', 'literals.bin']) copyFileSync(path.join(path.dirname(BUNDLE_FILE), f), path.join(dir, f));
    const fresh = await loadBuiltinRules(undefined, process.platform, path.join(dir, 'rules.bundle.json'));
    expect(fresh.filter(isParsed)).toEqual([]);
    mayReadPending(fresh, facts({ paste: paste('ok'), probe: { outcome: 'refused' } as Facts['probe'] }), 'env', readsOwners);
    const parsed = fresh.filter(isParsed);
    expect(parsed.length).toBeGreaterThan(0);
    for (const r of parsed) expect(sourcesOf(r)).toContain('env');
    rmSync(dir, { recursive: true, force: true });
  });

  it('a paste that names no bind error, and a probe answered by a gateway: not needed', () => {
    expect(mayReadPending(rules, facts({ paste: paste('Error: connect ECONNREFUSED 127.0.0.1:18789'), probe: { outcome: 'refused' } as Facts['probe'] }), 'env', readsOwners)).toBe(false);
  });

  it('needed: no paste (multiple-gateways), a bind error on the port (probe or not), a wrong answer', () => {
    expect(mayReadPending(rules, facts({ probe: { outcome: 'refused' } as Facts['probe'] }), 'env', readsOwners)).toBe(true);
    expect(mayReadPending(rules, facts({ paste: paste('Error: listen EADDRINUSE: address already in use 127.0.0.1:18789'), probe: { outcome: 'refused' } as Facts['probe'] }), 'env', readsOwners)).toBe(true);
    expect(mayReadPending(rules, facts({ paste: paste('Error: listen EADDRINUSE: address already in use 127.0.0.1:18789') }), 'env', readsOwners)).toBe(true);
    expect(mayReadPending(rules, facts({ paste: paste('ok'), probe: { outcome: 'not-openclaw' } as Facts['probe'] }), 'env', readsOwners)).toBe(true);
  });

  it('the probe not run and no bind error: port-conflict can end only pass or skip, so not needed, and it is undecided', () => {
    // Before (Round 32g) "not false with the owners unknown" was enough to walk: probe.outcome unknown kept it unknown.
    const f = facts({ paste: paste('gateway closed (1008): unauthorized: gateway token mismatch ws://127.0.0.1:18789') });
    expect(mayReadPending(rules, f, 'env', readsOwners)).toBe(false);
    expect(undecidedWithoutPending(rules, f, 'env', readsOwners)).toEqual(new Map([['port-bind/port-conflict', ['probe']]]));
  });

  it('a rule that binds an owner path for its message counts as a reader', () => {
    const r: Rule = { ...rules[0]!, when: { fact: { path: 'env.gatewayPort', op: 'exists' } }, bind: { who: 'env.listeners.*.command' } };
    expect(mayReadPending([r], facts({ paste: paste('ok') }), 'env', readsOwners)).toBe(true);
    expect(mayReadPending([{ ...r, bind: {} }], facts({ paste: paste('ok') }), 'env', readsOwners)).toBe(false);
  });

  it('possible truths: a pending leaf may be anything, `not` swaps, `all`/`any` combine; other unknowns stay unknown', () => {
    const pend = { fact: { path: 'env.derived.portMultipleProcesses', op: 'eq', value: true } } as const;
    const probe = { fact: { path: 'probe.outcome', op: 'eq', value: 'not-openclaw' } } as const;
    const yes = { fact: { path: 'env.gatewayPort', op: 'exists' } } as const;
    const no = { fact: { path: 'env.gatewayPort', op: 'missing' } } as const;
    const can = (when: Rule['when'], extra: Partial<Facts> = {}) => mayReadPending([{ ...rules[0]!, id: 'x/y', when, bind: {} }], facts({ paste: paste('ok'), ...extra }), 'env', readsOwners);
    expect(can(pend)).toBe(true);
    expect(can({ not: pend })).toBe(true);
    expect(can({ all: [pend, yes] })).toBe(true);
    expect(can({ all: [pend, no] })).toBe(false);
    expect(can({ all: [pend, probe] })).toBe(false); // probe not collected: unknown, never true
    expect(can({ all: [pend, probe] }, { probe: { outcome: 'not-openclaw' } as Facts['probe'] })).toBe(true);
    expect(can({ any: [pend, probe] })).toBe(true);
    expect(can({ not: { any: [pend, yes] } })).toBe(false); // `any` true whatever the owners: its `not` false
    expect(can({ not: { all: [pend, no] } })).toBe(true); // fires whatever the owners: still read (its captures may)
    expect(can({ all: [{ not: { all: [pend, yes] } }, probe] })).toBe(false);
    expect(can({ all: [{ not: { all: [pend, yes] } }, { not: probe }] }, { probe: { outcome: 'refused' } as Facts['probe'] })).toBe(true);
  });
});