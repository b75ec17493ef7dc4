// en notGateway[3] and [4], before and after their stopping-gap rewrite (reader-stopping-gap*.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const A3 = String.raw`api\.openai\.com|api\.anthropic\.com|generativelanguage\.googleapis|openrouter|api\.deepseek|dashscope|moonshot|bigmodel|\bprovider\b|\bllm\b|\bmodel\b`;
export const B3 = String.raw`\b401\b|\b403\b|\b429\b|invalid api key|incorrect api key|authentication_error|rate_limit_error|insufficient_quota|quota`;
export const A4 = String.raw`\b401\b|\b429\b|invalid api key|incorrect api key|authentication_error|rate_limit_error|insufficient_quota`;
export const B4 = String.raw`api\.openai\.com|api\.anthropic\.com|openrouter|\bprovider\b|\bllm\b|\bmodel\b|api key`;
export const pairs = [
  { index: 3, old: String.raw`(?:${A3})[^\n]{0,160}?(?:${B3})`, pieces: `${A3}|${B3}` },
  { index: 4, old: String.raw`(?:${A4})[^\n]{0,160}?(?:${B4})`, pieces: `${A4}|${B4}` },
];
export const lexicon = JSON.parse(readFileSync(join(ROOT, 'lexicon', 'en.json'), 'utf8')) as { notGateway: Array<{ regex: string }> };
