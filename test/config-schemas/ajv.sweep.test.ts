// ajv's compile of the stored OpenClaw release schemas (knowledge/config-schemas/), the second
// reading the store was verified with when each release was extracted: ajv's standalone code
// (cached by content hash: ./ajv-cache.ts) reports what the release's own zod reported, and what the
// doctor's interpreter reports (./schemas.test.ts checks the interpreter on every release). A sweep
// over the releases (test/helpers/sweep.ts): compiling one costs ajv ~0.4–0.7 s CPU on a cold cache
// (a fresh clone, CI), so the fast job compiles a spread of them, newest first; the slow job every one.
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM helper without type declarations (scripts/ is not compiled)
import * as lib from '../../src/shared/config-schemas/lib.mjs';
import { sweep, sweepName } from '../helpers/sweep.js';
import { cacheKey, cachedSource, generate, pruneCache, standaloneValidator } from './ajv-cache.js';
import { cases, STORE, verdicts, type StoredCase } from './store.js';

const versions: string[] = lib.listReleases(STORE);
const EVERY = 8;
/** Newest first (the release the doctor falls back to when the version is unknown), then every 8th older,
 *  and the oldest (the first line's schema, which no every-8th pick reaches) in the fast job too. */
const sampled = sweep([...versions].reverse(), EVERY);
const checked = sampled.includes(versions[0]) ? sampled : [...sampled, versions[0]];
/** The ajv cache entries of every stored release (whatever this run compiles); the others are stale. */
const usedKeys = new Set<string>(versions.map((v) => cacheKey(lib.loadRelease(STORE, v).schema, lib.ajvOptions())));
afterAll(() => pruneCache(usedKeys));

describe('ajv on the config-schemas store', () => {
  it('the cached ajv code a release is checked with is what ajv compiles from its schema now', () => {
    // One release compiled afresh (the newest); the others share the cache's key and loader (./ajv-cache.ts).
    const { schema } = lib.loadRelease(STORE, versions[versions.length - 1]);
    const { key, source, fromCache } = standaloneValidator(schema, lib.ajvOptions());
    expect(usedKeys.has(key)).toBe(true);
    // A cold cache (a fresh clone) has just compiled this entry in this process: then the compile it
    // is compared with is that one, and the check is that it was stored as generated.
    const fresh = fromCache ? generate(schema, lib.ajvOptions()) : source;
    expect(fresh).toContain('require("clawkit:ajv-formats")');
    expect(cachedSource(key) === fresh, 'cached standalone code equals a fresh compile').toBe(true);
  });

  it(sweepName(`each of the ${versions.length} stored releases, compiled by ajv, reports what the release’s own zod and the doctor's interpreter report`, EVERY), () => {
    expect(versions.length).toBeGreaterThan(20);
    expect(checked[0]).toBe(versions[versions.length - 1]);
    for (const version of checked) {
      const { release, schema } = lib.loadRelease(STORE, version);
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
    }
  });
});
