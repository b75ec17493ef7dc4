// 32-bit FNV-1a as 8 hex digits: names and stat fingerprints on the start-up path, where loading
// node:crypto (and the node:stream it pulls in) costs ~5–10 ms of a small paste. Not a security
// boundary; where an edit must be found whatever its stats, a content hash decides (sha256).

export function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * fnv() of bytes [start, end) (for ASCII, the same as of the string), kept in int32 until the end:
 * a `>>> 0` per step makes numbers past 2^31 heap doubles (~20× slower over the 400 KB index of a
 * 500-rule cache).
 */
export function fnvBytes(b: Uint8Array, start = 0, end = b.length): string {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
