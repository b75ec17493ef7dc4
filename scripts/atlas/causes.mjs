// The atlas → cause mapping (knowledge/atlas/causes.json5): an ordered list of matchers over atlas
// entries; the first that matches an entry decides it, either a cause (a rule id or a category) or
// `not` (why the message is not a connection problem). Shared by the coverage script and its test.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSON5 from 'json5';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ATLAS_FILE = join(ROOT, 'knowledge', 'atlas', 'atlas.json');
export const CAUSES_FILE = join(ROOT, 'knowledge', 'atlas', 'causes.json5');

export function loadAtlas(file = ATLAS_FILE) {
  return JSON.parse(readFileSync(file, 'utf8')).messages;
}

export function loadCauses(file = CAUSES_FILE) {
  return JSON5.parse(readFileSync(file, 'utf8')).map;
}

const list = (v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** A `**`/`*` glob over a `where.file` path as a RegExp. */
export function globRegex(glob) {
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      src += '.*';
      i++;
    } else if (ch === '*') src += '[^/]*';
    else src += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`);
}

/** Compiles one matcher's `match` into a predicate over an atlas entry (every field must hold). */
export function compileMatch(match) {
  const tests = [];
  const topics = list(match.topic);
  if (topics) tests.push((m) => topics.includes(m.topic));
  const kinds = list(match.kind);
  if (kinds) tests.push((m) => kinds.includes(m.kind));
  const files = list(match.file)?.map(globRegex);
  if (files) tests.push((m) => (m.where ?? []).some((w) => files.some((re) => re.test(w.file))));
  const ids = list(match.ids);
  if (ids) tests.push((m) => ids.includes(m.id));
  if (match.text) {
    const re = new RegExp(match.text, 'i');
    tests.push((m) => re.test(m.text));
  }
  if (match.notText) {
    const re = new RegExp(match.notText, 'i');
    tests.push((m) => !re.test(m.text));
  }
  if (match.close !== undefined) tests.push((m) => m.codes?.close !== undefined);
  if (match.error !== undefined) tests.push((m) => m.codes?.error !== undefined);
  return (m) => tests.every((t) => t(m));
}

/** For each atlas entry: the index of the first matcher that takes it (or -1) and its verdict. */
export function classify(messages, causes) {
  const preds = causes.map((c) => compileMatch(c.match ?? {}));
  return messages.map((m) => {
    const i = preds.findIndex((p) => p(m));
    return { message: m, index: i, entry: i >= 0 ? causes[i] : undefined };
  });
}
