// The per-release OpenClaw config schemas in knowledge/config-schemas/ (scripts/config-schemas/):
// every stored release is compiled with ajv (its standalone code, cached by content hash:
// ./ajv-cache.ts) and checked against the verification cases. No network: everything is read from
// the store.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM helper without type declarations (scripts/ is not compiled)
import * as lib from '../../src/shared/config-schemas/lib.mjs';
import { cacheKey, cachedSource, generate, pruneCache, standaloneValidator } from './ajv-cache.js';

interface Case {
  id: string;
  config: unknown;
}
interface Verdict {
  id: string;
  versions: (v: string) => boolean;
  paths: string[];
}
interface StoredCase {
  id: string;
  zod: string[];
  ajv: string[];
  agree: boolean;
  migration?: { result: string; changes: string[] };
}
interface Note {
  id: string;
  kind: string;
  path: string;
  text: string;
  accepted: boolean;
}

const STORE = path.resolve(import.meta.dirname, '../../knowledge/config-schemas');
const index = JSON.parse(fs.readFileSync(path.join(STORE, 'index.json'), 'utf8'));
const versions: string[] = index.releases.map((r: { version: string }) => r.version);
const cases: Case[] = lib.VERIFICATION_CASES;
const verdicts: Verdict[] = lib.KNOWN_VERDICTS;
/** The ajv cache entries of every stored release (all of them, whatever `-t` runs); the others are stale. */
const usedKeys = new Set<string>();
afterAll(() => pruneCache(usedKeys));

/** Presence of a path in a release, read from the index tree's ranges. */
function inRanges(ranges: string, v: string): boolean {
  return ranges.split(',').some((r) => {
    const [from, to] = r.split('..');
    return lib.cmpVersion(v, from) >= 0 && (!to || lib.cmpVersion(v, to) < 0);
  });
}
function node(p: string): Record<string, unknown> {
  let n = index.tree;
  for (const seg of p.split('.')) {
    n = n?.[seg];
    if (!n) throw new Error(`no ${p} in index tree`);
  }
  return n;
}
/** Effective presence ranges of a path: its own "@" or, if absent, the nearest ancestor's. */
function presence(p: string): string {
  const segs = p.split('.');
  for (let i = segs.length; i > 0; i--) {
    const n = node(segs.slice(0, i).join('.'));
    if (typeof n['@'] === 'string') return n['@'];
  }
  return `${versions[0]}..`;
}

describe('config-schemas store', () => {
  it('covers the required releases, the newest of every minor line in the registry list, and stays small', () => {
    for (const v of ['2026.1.29', '2026.2.12', '2026.2.17', '2026.2.26', '2026.3.13', '2026.8.2', '2026.9.6']) expect(versions).toContain(v);
    expect(versions.some((v) => /^2026\.4\.2\d$/.test(v))).toBe(true);
    for (const minor of ['2026.5.', '2026.6.', '2026.7.']) expect(versions.some((v) => v.startsWith(minor))).toBe(true);
    let bytes = 0;
    for (const f of ['notes.json.br', 'index.json']) bytes += fs.statSync(path.join(STORE, f)).size;
    for (const f of fs.readdirSync(path.join(STORE, 'defs'))) bytes += fs.statSync(path.join(STORE, 'defs', f)).size;
    for (const f of fs.readdirSync(path.join(STORE, 'releases'))) bytes += fs.statSync(path.join(STORE, 'releases', f)).size;
    expect(bytes).toBeLessThan(1024 * 1024);
    // every stored release was verified (release zod = ajv = interpreter) when it was extracted
    expect(index.releases.filter((r: { verified: boolean }) => !r.verified)).toEqual([]);
  });

  it('records the gateway-connection history the team relies on', () => {
    const mode = node('gateway.auth.mode')['@enum'] as Record<string, string>;
    expect(mode.token).toBe(`${versions[0]}..`);
    expect(mode['trusted-proxy']).toBe('2026.2.17..');
    expect(mode.none).toBe('2026.2.19..'); // removed by 2026.1.29's BREAKING change, back in 2.19 (#20686)
    expect(presence('gateway.controlUi.allowedOrigins')).toBe('2026.2.2..');
    expect(presence('gateway.customBindHost')).toBe('2026.2.21..');
    expect(presence('gateway.auth.trustedProxy')).toBe('2026.2.17..');
    const insecure = presence('gateway.controlUi.allowInsecureAuth');
    expect(inRanges(insecure, '2026.7.35')).toBe(true);
    expect(inRanges(insecure, '2026.8.1')).toBe(false);
    expect(inRanges(presence('models.catalogRefresh'), '2026.2.26')).toBe(false);
    expect(inRanges(presence('models.catalogRefresh'), '2026.9.6')).toBe(true);
    const bind = node('gateway.bind')['@enum'] as Record<string, string>;
    for (const b of ['loopback', 'lan', 'tailnet', 'auto', 'custom']) expect(inRanges(bind[b] ?? '', '2026.9.6')).toBe(true);
  });

  it('the cached ajv code a release is checked with is what ajv compiles from its schema now', () => {
    // One release compiled afresh (the newest: the one the doctor falls back to when the version is
    // unknown); the others share the cache's key and loader (./ajv-cache.ts).
    const { schema } = lib.loadRelease(STORE, versions[versions.length - 1]);
    const { key, source, fromCache } = standaloneValidator(schema, lib.ajvOptions());
    expect(usedKeys.has(key)).toBe(true);
    // A cold cache (a fresh clone) has just compiled this entry in this process: then the compile it
    // is compared with is that one, and the check is that it was stored as generated.
    const fresh = fromCache ? generate(schema, lib.ajvOptions()) : source;
    expect(fresh).toContain('require("clawkit:ajv-formats")');
    expect(cachedSource(key) === fresh, 'cached standalone code equals a fresh compile').toBe(true);
  });
});

describe.each(versions)('release %s', (version) => {
  const { release, schema } = lib.loadRelease(STORE, version);
  const notes: Note[] = lib.releaseNotes(STORE, release);
  usedKeys.add(cacheKey(schema, lib.ajvOptions()));

  it('its stored schema, compiled by ajv, reports what the release’s own zod reported', () => {
    // ajv's standalone code for this schema, compiled once per schema, ajv and options (./ajv-cache.ts).
    const { validate } = standaloneValidator(schema, lib.ajvOptions());
    for (const c of cases) {
      const stored = (release.verification as StoredCase[]).find((s) => s.id === c.id);
      expect(stored, c.id).toBeDefined();
      validate(structuredClone(c.config));
      const ajv = lib.issueKeys(lib.ajvIssues(validate.errors));
      expect(ajv, `${version} ${c.id}`).toEqual(stored!.zod);
      expect(lib.issueKeys(lib.validateConfig(schema, structuredClone(c.config))), `${version} ${c.id} (interpreter)`).toEqual(ajv);
    }
    for (const v of verdicts.filter((x) => x.versions(version))) {
      const c = cases.find((x) => x.id === v.id)!;
      validate(structuredClone(c.config));
      expect(lib.issueKeys(lib.ajvIssues(validate.errors)), `${version} ${v.id} (gateway verdict)`).toEqual([...v.paths].sort());
    }
  });

  it('knows the gateway keys, their strictness and the legacy handling', () => {
    const paths = lib.walkPaths(schema) as Map<string, { strict?: boolean; enum?: unknown[] }>;
    expect(paths.get('')?.strict).toBe(true);
    expect(paths.get('gateway')?.strict).toBe(true);
    expect(paths.get('gateway.auth')?.strict).toBe(true);
    expect(paths.get('gateway.bind')?.enum).toEqual(expect.arrayContaining(['loopback', 'lan', 'tailnet', 'auto', 'custom']));
    expect(release.meta.gateway.enums['gateway.bind']).toEqual(paths.get('gateway.bind')?.enum);
    const tokenRules = notes.filter((n) => n.path === 'gateway.token' && n.kind === 'legacy-rule');
    const dddaRetired = notes.filter((n) => n.path === 'gateway.controlUi.dangerouslyDisableDeviceAuth' && /retired/.test(n.text));
    if (lib.cmpVersion(version, '2026.8.1') >= 0) {
      // retired, yet still in the schema (accepted), and removed by the doctor's migration
      expect(dddaRetired.length).toBeGreaterThan(0);
      expect(dddaRetired.every((n) => n.accepted)).toBe(true);
      expect(paths.has('gateway.controlUi.allowInsecureAuth')).toBe(false);
    } else {
      expect(dddaRetired).toEqual([]);
      expect(paths.has('gateway.controlUi.allowInsecureAuth')).toBe(true);
    }
    if (lib.cmpVersion(version, '2026.3.13') <= 0) {
      // the legacy rule and its migration gateway.token → gateway.auth.token
      expect(tokenRules.length).toBeGreaterThan(0);
      const mig = (release.verification as StoredCase[]).find((s) => s.id === 'legacy-token')?.migration;
      expect(mig?.result).toBe('valid');
      expect(mig?.changes.join('\n')).toMatch(/gateway\.token → gateway\.auth\.token/);
    }
  });
});
