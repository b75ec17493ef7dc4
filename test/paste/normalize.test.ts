// The literal `\n` OpenClaw prints splits a physical line into logical lines — but not inside a
// Windows path, where `\n` starts a directory name (`Roaming\npm`, `\node_modules`).
import { describe, expect, it } from 'vitest';
import { normalizeLine, splitLiteralNewlines } from '../../src/collectors/paste/normalize.js';

describe('literal \\n in a pasted line', () => {
  it("splits OpenClaw's `Invalid config at …:\\n- …`, also after a Windows path", () => {
    expect(splitLiteralNewlines('Invalid config at /root/.openclaw/openclaw.json:\\n- gateway.auth: Invalid input')).toEqual(['Invalid config at /root/.openclaw/openclaw.json:', '- gateway.auth: Invalid input']);
    expect(splitLiteralNewlines('Invalid config at C:\\Users\\me\\.openclaw\\openclaw.json:\\n- gateway.bind: Invalid')).toEqual(['Invalid config at C:\\Users\\me\\.openclaw\\openclaw.json:', '- gateway.bind: Invalid']);
    expect(splitLiteralNewlines('a\\r\\nb\\nc')).toEqual(['a', 'b', 'c']);
  });

  it('keeps a Windows path whole, raw or JSON-escaped, and still splits after it', () => {
    const raw = "Error: Cannot find module 'C:\\Users\\me\\AppData\\Roaming\\npm\\node_modules\\openclaw\\dist\\index.js'";
    expect(normalizeLine(raw)).toEqual([raw]);
    const escaped = 'at C:\\\\Users\\\\me\\\\AppData\\\\Roaming\\\\npm\\\\node_modules\\\\openclaw\\\\openclaw.mjs:12:5)\\n    at next';
    expect(splitLiteralNewlines(escaped)).toEqual(['at C:\\\\Users\\\\me\\\\AppData\\\\Roaming\\\\npm\\\\node_modules\\\\openclaw\\\\openclaw.mjs:12:5)', '    at next']);
    expect(splitLiteralNewlines('\\\\server\\share\\nvm\\node.exe failed\\nretrying')).toEqual(['\\\\server\\share\\nvm\\node.exe failed', 'retrying']);
  });

  it('a POSIX text with `\\n` between words splits as before', () => {
    expect(splitLiteralNewlines('gateway closed\\nreason: token mismatch')).toEqual(['gateway closed', 'reason: token mismatch']);
    expect(splitLiteralNewlines('no escapes here')).toEqual(['no escapes here']);
  });
});
