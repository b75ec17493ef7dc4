// `meta.lastTouchedVersion`: the release that last wrote the config, normalised. Read where the
// version is picked (before derive runs) and by derive's file topic: one reading of the stamp.
import { normalizeVersion } from '../version/calver.js';

export function lastTouchedVersionOf(value: unknown): string | undefined {
  const meta = value && typeof value === 'object' ? (value as Record<string, unknown>).meta : undefined;
  const v = meta && typeof meta === 'object' ? (meta as Record<string, unknown>).lastTouchedVersion : undefined;
  return typeof v === 'string' && v ? normalizeVersion(v) : undefined;
}
