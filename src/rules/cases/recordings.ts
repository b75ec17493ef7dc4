// Rule cases name a behaviour-matrix recording as `<file>#<client id>`; the file is relative to the
// cases file, so the same reference works from the repository and from an installed package.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RecordingClient } from './replay-gateway.js';

const cache = new Map<string, { clients: Array<RecordingClient & { id: string }> }>();

export function recordedClient(ref: string, dir: string): RecordingClient {
  const [file, id] = ref.split('#');
  if (!file || !id) throw new Error(`gateway.recording ${JSON.stringify(ref)}: write <file>#<client id>`);
  const abs = path.resolve(dir, file);
  let rec = cache.get(abs);
  if (!rec) {
    rec = JSON.parse(readFileSync(abs, 'utf8')) as { clients: Array<RecordingClient & { id: string }> };
    cache.set(abs, rec);
  }
  const client = rec.clients.find((c) => c.id === id);
  if (!client) throw new Error(`gateway.recording ${JSON.stringify(ref)}: no client ${id} in ${file}`);
  return client;
}
