// 32-bit FNV-1a as 8 hex digits: names and stat fingerprints on the start-up path, where loading
// node:crypto (and the node:stream it pulls in) costs ~5–10 ms of a small paste. Not a security
// boundary; where an edit must be found whatever its stats, a content hash decides (sha256).

export function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
