// A user rule directory for the bench: `count` valid rules made from the built-in ones (each
// renamed into its own area, so none overrides a built-in), as a team's own rules would be.
//   node scripts/bench-user-rules.mjs DIR [COUNT=500]
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function writeUserRules(dir, count = 500) {
  const files = [];
  const visit = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) visit(join(d, e.name));
      else if (e.name.endsWith('.json') && !e.name.endsWith('.cases.json')) files.push(join(d, e.name));
    }
  };
  // Rules live in rules/<category>/; top-level files (causes.json, renamed.json) are registries.
  for (const e of readdirSync(join(root, 'rules'), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) if (e.isDirectory()) visit(join(root, 'rules', e.name));
  rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < count; i++) {
    const rule = JSON.parse(readFileSync(files[i % files.length], 'utf8'));
    const area = `team${Math.floor(i / files.length)}`;
    rule.id = `${area}/${rule.id.split('/').pop()}-${i}`;
    delete rule.supersedes;
    mkdirSync(join(dir, area), { recursive: true });
    writeFileSync(join(dir, area, `${rule.id.split('/').pop()}.json`), JSON.stringify(rule, null, 2));
  }
  return dir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: bench-user-rules.mjs DIR [COUNT]');
  writeUserRules(resolve(dir), Number(process.argv[3] ?? 500));
}
