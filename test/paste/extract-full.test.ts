// extractLine skips a search whose list is full (push drops at 200): each list still holds the first 200
// of its own kind, and a list with room is filled whatever the others hold.
import { describe, expect, it } from 'vitest';
import { emptyExtracted, extractLine } from '../../src/collectors/paste/extract.js';

describe('paste reader: full lists', () => {
  it('keeps the first 200 of each list, and fills the lists that still have room', () => {
    const into = emptyExtracted();
    let n = 0;
    // 300 lines of a URL with a port (urls and ports fill), then 300 of an IP (hosts fill after them)
    for (let i = 0; i < 300; i++) extractLine(`dial ws://gw-${i}.lan:${20000 + i}/ failed`, ++n, into);
    for (let i = 0; i < 300; i++) extractLine(`peer 10.0.${i >> 8}.${i & 255} dropped`, ++n, into);
    // then lines with a version, a code and a request id: their lists are empty
    extractLine('OpenClaw 2026.3.13 at 10.9.9.9 code=PAIRING_REQUIRED requestId=abcdef123', ++n, into);
    expect(into.hosts).toHaveLength(200);
    expect(into.hosts[199]).toMatchObject({ host: '10.0.0.199', line: 500 });
    expect(into.urls).toHaveLength(200);
    expect(into.urls[0]).toMatchObject({ host: 'gw-0.lan', port: 20000, line: 1 });
    expect(into.ports).toHaveLength(200);
    expect(into.ports[0]).toEqual({ port: 20000, line: 1 });
    expect(into.ports[199]!.line).toBe(200);
    expect(into.versions.map((v) => v.version)).toEqual(['2026.3.13']);
    expect(into.codes.map((c) => c.code)).toEqual(['PAIRING_REQUIRED']);
    expect(into.requestIds.map((r) => r.id)).toEqual(['abcdef123']);
  });
});
