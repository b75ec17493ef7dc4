// The per-release OpenClaw config schemas in knowledge/config-schemas/ (scripts/config-schemas/):
// every stored release is read by the doctor's own interpreter (lib.validateConfig, what
// src/collectors/config/release-schema.ts runs) and checked against the verification cases. ajv's
// compile of each release, the second reading the store was verified with, is a sweep of its own
// (./ajv.sweep.test.ts: every one, in the slow job; compiling all 22
// on a cold cache cost the fast job ~146 s wall). No network: everything is read from the store.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM helper without type declarations (scripts/ is not compiled)
import * as lib from '../../src/shared/config-schemas/lib.mjs';
import { cases, STORE, verdicts, type StoredCase } from './store.js';

interface Note {
  id: string;
  kind: string;
  path: string;
  text: string;
  accepted: boolean;
}

const index = JSON.parse(fs.readFileSync(path.join(STORE, 'index.json'), 'utf8'));
const versions: string[] = index.releases.map((r: { version: string }) => r.version);

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
});

describe.each(versions)('release %s', (version) => {
  const { release, schema } = lib.loadRelease(STORE, version);
  const notes: Note[] = lib.releaseNotes(STORE, release);

  it('its stored schema, read by the doctor\'s interpreter, reports what the release’s own zod reported', () => {
    for (const c of cases) {
      const stored = (release.verification as StoredCase[]).find((s) => s.id === c.id);
      expect(stored, c.id).toBeDefined();
      expect(lib.issueKeys(lib.validateConfig(schema, structuredClone(c.config))), `${version} ${c.id} (interpreter)`).toEqual(stored!.zod);
    }
    for (const v of verdicts.filter((x) => x.versions(version))) {
      const c = cases.find((x) => x.id === v.id)!;
      expect(lib.issueKeys(lib.validateConfig(schema, structuredClone(c.config))), `${version} ${v.id} (gateway verdict, interpreter)`).toEqual([...v.paths].sort());
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
