// What schemas.test.ts and ajv.sweep.test.ts read from the config-schemas store (knowledge/config-schemas/)
// and from its library's verification cases.
import path from 'node:path';
// @ts-expect-error -- plain ESM helper without type declarations (scripts/ is not compiled)
import * as lib from '../../src/shared/config-schemas/lib.mjs';

export interface Case {
  id: string;
  config: unknown;
}
export interface Verdict {
  id: string;
  versions: (v: string) => boolean;
  paths: string[];
}
export interface StoredCase {
  id: string;
  zod: string[];
  ajv: string[];
  agree: boolean;
  migration?: { result: string; changes: string[] };
}

export const STORE = path.resolve(import.meta.dirname, '../../knowledge/config-schemas');
export const cases: Case[] = lib.VERIFICATION_CASES;
export const verdicts: Verdict[] = lib.KNOWN_VERDICTS;
