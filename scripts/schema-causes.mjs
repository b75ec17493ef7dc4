#!/usr/bin/env node
// Writes the cause ids of rules/causes.json into schema/rule.schema.json (`definitions.cause.enum`),
// so an editor offers the registered causes and the published schema names them. Edits only that
// one line (the schema's hand formatting stays). `--check` exits 1 when the schema has drifted
// (test/rules/schema-causes.test.ts runs the same comparison).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaFile = join(root, 'schema', 'rule.schema.json');
const LINE = /^( *)"cause": \{ "description": "Generated from rules\/causes\.json[^\n]*$/m;

export function causeIds() {
  return Object.keys(JSON.parse(readFileSync(join(root, 'rules', 'causes.json'), 'utf8')).causes).sort();
}

export function withCauses(schemaText, ids) {
  const m = LINE.exec(schemaText);
  if (!m) throw new Error('schema/rule.schema.json: no generated "cause" line under definitions');
  const line = `${m[1]}"cause": { "description": "Generated from rules/causes.json by scripts/schema-causes.mjs: the catalogue's causes.", "enum": ${JSON.stringify(ids).replaceAll('","', '", "')} },`;
  return schemaText.replace(LINE, line);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = readFileSync(schemaFile, 'utf8');
  const next = withCauses(text, causeIds());
  if (process.argv.includes('--check')) {
    if (next !== text) {
      console.error('schema/rule.schema.json: the cause enum differs from rules/causes.json (run node scripts/schema-causes.mjs)');
      process.exit(1);
    }
  } else if (next !== text) {
    writeFileSync(schemaFile, next);
    console.log(`schema/rule.schema.json: ${causeIds().length} causes`);
  }
}
