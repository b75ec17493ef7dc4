// Child process for the crash-safety test: runs a real `--fix --yes` on the given config and is
// SIGKILLed by the parent at a random moment. Bundled by the test with esbuild (no TS at run time).
import { readFileSync, writeSync } from 'node:fs';
import { collectConfig } from '../../src/collectors/config/index.js';
import { deriveFacts } from '../../src/derive/index.js';
import { lastTouchedVersionOf } from '../../src/shared/config/stamp.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { runFix } from '../../src/fixer/index.js';
import type { Rule } from '../../src/types.js';

const [configPath, rulesFile, delay] = process.argv.slice(2) as [string, string, string];
const rules = JSON.parse(readFileSync(rulesFile, 'utf8')) as Rule[];
const config = await collectConfig({ configPath, env: {}, homedir: '/nonexistent' });
const version = lastTouchedVersionOf(config.value);
const facts = deriveFacts({ config, flags: {}, ...(version ? { version: { value: version, source: 'config' as const } } : {}) });
writeSync(1, 'R\n');
const r = await runFix({
  facts,
  rules,
  evaluate,
  mode: { apply: true, dryRun: false, yes: true, interactive: false },
  env: {},
  stepDelayMs: Number(delay),
  // Synchronous writes so the parent sees each step before a kill can land after it.
  onWriteStep: (step) => writeSync(1, `S ${step}\n`),
});
writeSync(1, `D ${r.status}\n`);
