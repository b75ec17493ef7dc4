// The fix verification fixture and the recordings it was run on, shared by fix-verification.test.ts
// (fast: the live-verified entries, the static trust check) and fix-verification.sweep.test.ts (slow:
// the fixer's plan on every one of the 451 recorded hosts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRecordings } from '../../scripts/matrix/agreement.js';
import type { Recording } from '../../scripts/matrix/normalise.js';
import { readDoc, type VerificationEntry } from '../../scripts/matrix/verify-fixes.js';

export const DIR = path.join(fileURLToPath(new URL('../../', import.meta.url)), 'fixtures', 'matrix');

export const recs = loadRecordings(DIR);
export const doc = readDoc(path.join(DIR, 'fix-verification.json'));
export const key = (e: { release: string; scenario: string }) => `${e.release}/${e.scenario}`;
export const entries = new Map(doc.entries.map((e) => [key(e), e]));
export const fixedRec = (e: VerificationEntry): Recording => JSON.parse(fs.readFileSync(path.join(DIR, '..', 'matrix-fixed', e.release, `${e.scenario}.json`), 'utf8')) as Recording;
export const recOf = (e: VerificationEntry): Recording => recs.find((r) => key(r) === key(e))!;
export const live = doc.entries.filter((e) => e.live);
