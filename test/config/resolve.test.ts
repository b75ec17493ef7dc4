// Config discovery follows OpenClaw's own order (src/config/paths.ts, src/infra/home-dir.ts,
// src/cli/profile.ts), and says which file it picked and why.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigUsageError, resolveConfigPath } from '../../src/collectors/config/resolve.js';
import { collectConfig } from '../../src/collectors/config/index.js';

let home: string;
let other: string;

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'ckd-home-'));
  other = mkdtempSync(path.join(tmpdir(), 'ckd-other-'));
});
afterEach(() => undefined);

function put(p: string, text = '{ gateway: { mode: "local" } }'): string {
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
}

const r = (env: Record<string, string | undefined>, extra: { configPath?: string; profile?: string } = {}) =>
  resolveConfigPath({ env, homedir: home, cwd: other, ...extra });

describe('config resolution', () => {
  it('--config wins over everything, relative to the cwd, ~ expanded', () => {
    put(path.join(home, '.openclaw/openclaw.json'));
    const a = r({ OPENCLAW_CONFIG_PATH: '/x/y.json' }, { configPath: 'mine.json' });
    expect(a.path).toBe(path.join(other, 'mine.json'));
    expect(a.reason).toBe('--config mine.json');
    const b = r({ HOME: home }, { configPath: '~/cfg/openclaw.json' });
    expect(b.path).toBe(path.join(home, 'cfg/openclaw.json'));
  });

  it('OPENCLAW_CONFIG_PATH, then legacy CLAWDBOT_CONFIG_PATH', () => {
    expect(r({ OPENCLAW_CONFIG_PATH: '/etc/oc.json', CLAWDBOT_CONFIG_PATH: '/etc/cb.json' }).path).toBe('/etc/oc.json');
    const legacy = r({ CLAWDBOT_CONFIG_PATH: '/etc/cb.json' });
    expect(legacy.path).toBe('/etc/cb.json');
    expect(legacy.reason).toMatch(/CLAWDBOT_CONFIG_PATH.*legacy/);
  });

  it('$OPENCLAW_STATE_DIR/openclaw.json, then legacy names there, then the default dirs', () => {
    const sd = path.join(other, 'state');
    put(path.join(sd, 'moltbot.json'));
    put(path.join(home, '.openclaw/openclaw.json'));
    const a = r({ OPENCLAW_STATE_DIR: sd, HOME: home });
    expect(a.path).toBe(path.join(sd, 'moltbot.json'));
    expect(a.reason).toMatch(/OPENCLAW_STATE_DIR=.*moltbot\.json exists there.*legacy file name/);
    put(path.join(sd, 'openclaw.json'));
    expect(r({ OPENCLAW_STATE_DIR: sd, HOME: home }).path).toBe(path.join(sd, 'openclaw.json'));
    // No file in the state dir: the default candidates are still searched (resolveConfigPathCandidate).
    const empty = path.join(other, 'empty');
    mkdirSync(empty);
    const c = r({ OPENCLAW_STATE_DIR: empty, HOME: home });
    expect(c.path).toBe(path.join(home, '.openclaw/openclaw.json'));
    expect(c.stateDir).toBe(empty);
  });

  it('honours OPENCLAW_HOME (also with ~), before HOME', () => {
    const ochome = path.join(other, 'oc-home');
    put(path.join(ochome, '.openclaw/openclaw.json'));
    put(path.join(home, '.openclaw/openclaw.json'));
    const a = r({ OPENCLAW_HOME: ochome, HOME: home });
    expect(a.path).toBe(path.join(ochome, '.openclaw/openclaw.json'));
    expect(a.reason).toMatch(/OPENCLAW_HOME/);
    put(path.join(home, 'sub/.openclaw/openclaw.json'));
    expect(r({ OPENCLAW_HOME: '~/sub', HOME: home }).path).toBe(path.join(home, 'sub/.openclaw/openclaw.json'));
  });

  it('falls back to the legacy dirs (.clawdbot, .moldbot, .moltbot) and legacy file names', () => {
    put(path.join(home, '.moltbot/moltbot.json'));
    const a = r({ HOME: home });
    expect(a.path).toBe(path.join(home, '.moltbot/moltbot.json'));
    expect(a.reason).toMatch(/legacy state dir \.moltbot/);
    put(path.join(home, '.clawdbot/clawdbot.json'));
    expect(r({ HOME: home }).path).toBe(path.join(home, '.clawdbot/clawdbot.json'));
    put(path.join(home, '.openclaw/clawdbot.json'));
    const c = r({ HOME: home });
    expect(c.path).toBe(path.join(home, '.openclaw/clawdbot.json'));
    expect(c.via).toBe('legacy-name');
  });

  it('--profile <name> reads ~/.openclaw-<name>, "default" maps to ~/.openclaw, explicit env wins', () => {
    const a = r({ HOME: home }, { profile: 'work' });
    expect(a.path).toBe(path.join(home, '.openclaw-work/openclaw.json'));
    expect(a.reason).toMatch(/--profile work/);
    expect(r({ HOME: home }, { profile: 'default' }).path).toBe(path.join(home, '.openclaw/openclaw.json'));
    expect(r({ HOME: home, OPENCLAW_CONFIG_PATH: '/etc/x.json' }, { profile: 'work' }).path).toBe('/etc/x.json');
    const sd = path.join(other, 'sd');
    expect(r({ HOME: home, OPENCLAW_STATE_DIR: sd }, { profile: 'work' }).path).toBe(path.join(sd, 'openclaw.json'));
    expect(() => r({ HOME: home }, { profile: 'bad name!' })).toThrow(ConfigUsageError);
    expect(() => r({ HOME: home }, { profile: '' })).toThrow(/requires a value/);
  });

  it('with nothing on disk: <home>/.openclaw/openclaw.json, found:false, not a crash', async () => {
    const a = r({ HOME: home });
    expect(a.path).toBe(path.join(home, '.openclaw/openclaw.json'));
    expect(a.reason).toMatch(/no config file exists/);
    const facts = await collectConfig({ env: { HOME: home }, homedir: home });
    expect(facts.found).toBe(false);
    expect(facts.path).toBe(a.path);
    expect(facts.derived?.missing).toBe(true);
  });
});
