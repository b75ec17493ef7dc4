// OpenClaw's own messages (knowledge/atlas/atlas.json) that name another product's gateway or proxy
// (an `others` marker of knowledge/gateway-owners.json matches them: provider onboarding and model
// discovery for Vercel AI Gateway, LiteLLM, the OpenShell sandbox backend …). Such a line is OpenClaw's, so it must
// count as an OpenClaw marker: this writes their atlas patterns as the `openclaw` entry "atlas",
// and `--check` fails when the file is stale (test/derive/owner.test.ts runs the same check).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OWNERS = join(root, 'knowledge', 'gateway-owners.json');
export const ATLAS_WHAT = "OpenClaw's own messages that name another product (knowledge/atlas; scripts/atlas/owner-markers.mjs)";

/** The `openclaw` entries of the owners file with the atlas entry recomputed from the atlas. */
export function ownerMarkersFromAtlas(owners, atlas) {
  const others = owners.others.flatMap((c) => c.products.map((p) => new RegExp(p.regex, p.caseSensitive ? '' : 'i')));
  // A message another OpenClaw marker already claims (OPENCLAW_GATEWAY_TOKEN …) needs no entry of its own.
  const mine = owners.openclaw.filter((m) => m.what !== ATLAS_WHAT).map((m) => new RegExp(m.regex, 'im'));
  // Lines a paste shows (logs, thrown errors, CLI output); a bare UI label or prompt (`text`, e.g. a
  // provider's name in the onboarding picker) would make every mention of that product OpenClaw's.
  const shown = atlas.messages.filter((m) => m.kind !== 'text' && others.some((re) => re.test(m.text)) && !mine.some((re) => re.test(m.text)));
  // Bounded as every marker is (matched line by line: a repeat never needs more than a line).
  const bound = (p) => p.replace(/\\s\+/g, '\\s{1,8}').replace(/\[\^\\n\]\*\?/g, '[^\\n]{0,240}?');
  const patterns = [...new Set(shown.map((m) => bound(m.pattern)))].sort();
  const rest = owners.openclaw.filter((m) => m.what !== ATLAS_WHAT);
  return patterns.length ? [...rest, { what: ATLAS_WHAT, regex: patterns.map((p) => `(?:${p})`).join('|') }] : rest;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const owners = JSON.parse(readFileSync(OWNERS, 'utf8'));
  const atlas = JSON.parse(readFileSync(join(root, 'knowledge', 'atlas', 'atlas.json'), 'utf8'));
  const next = ownerMarkersFromAtlas(owners, atlas);
  const stale = JSON.stringify(next) !== JSON.stringify(owners.openclaw);
  if (process.argv.includes('--check')) {
    console.log(stale ? 'knowledge/gateway-owners.json: atlas entry is stale (run node scripts/atlas/owner-markers.mjs)' : 'knowledge/gateway-owners.json: atlas entry current');
    process.exit(stale ? 1 : 0);
  }
  owners.openclaw = next;
  writeFileSync(OWNERS, `${JSON.stringify(owners, null, 2)}\n`);
  console.log(`atlas entry: ${next.find((m) => m.what === ATLAS_WHAT)?.regex.split('|(?:').length ?? 0} OpenClaw messages naming another product`);
}
