// The scanner's WebAssembly module is emitted by scripts/lib/scan-wasm.mjs and committed as base64
// (src/collectors/paste/scan-wasm.generated.ts): the two must not drift, and the module must be one
// V8 accepts with the exports the scanner uses. (Its behaviour is tested in scanner.test.ts, where
// every exactness test runs against both loops.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generated, generatedFile } from '../../scripts/scan-wasm.mjs';
import { CH, HDR, SCAN_WASM } from '../../src/collectors/paste/scan-wasm.generated.js';

describe('scanner WebAssembly module', () => {
  it('is what the emitter gives (run node scripts/scan-wasm.mjs after editing it)', () => {
    expect(readFileSync(generatedFile, 'utf8')).toBe(generated());
  });

  it('compiles, exports scan, narrow, count and its memory, and has headers that fit', () => {
    const m = new WebAssembly.Module(Buffer.from(SCAN_WASM, 'base64'));
    expect(WebAssembly.Module.exports(m)).toEqual([
      { name: 'scan', kind: 'function' },
      { name: 'narrow', kind: 'function' },
      { name: 'count', kind: 'function' },
      { name: 'mem', kind: 'memory' },
    ]);
    expect(WebAssembly.Module.imports(m)).toEqual([]);
    for (const header of [HDR, CH]) {
      const slots = Object.entries(header).filter(([k]) => k !== 'size').map(([, v]) => v);
      expect(new Set(slots).size).toBe(slots.length);
      expect(Math.max(...slots) + 4).toBeLessThanOrEqual(header.size);
    }
  });

  it('narrow gives the state numbers of a premultiplied table', () => {
    const e = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(SCAN_WASM, 'base64')), {}).exports as { narrow(src: number, dst: number, count: number, classes: number): void; mem: WebAssembly.Memory };
    const table = Int32Array.from({ length: 1000 }, (_, x) => ((x * 7919) % 4470) * 69);
    new Int32Array(e.mem.buffer, 0, table.length).set(table);
    e.narrow(0, 8192, table.length, 69);
    expect([...new Uint16Array(e.mem.buffer, 8192, table.length)]).toEqual([...table].map((s) => s / 69));
  });
});
