// The environment collector followed by the derive stage's env topic, as the pipeline runs them:
// env.derived is computed after collection (src/derive/env.ts), never by the collector.
import { collectEnv as collectRaw, type CollectEnvOptions } from '../../src/collectors/env/index.js';
import { deriveEnv } from '../../src/derive/env.js';
import type { EnvFacts } from '../../src/types.js';

export async function collectEnv(opts: CollectEnvOptions): Promise<EnvFacts> {
  const f = await collectRaw(opts);
  f.derived = deriveEnv(f, opts.configValue);
  return f;
}
