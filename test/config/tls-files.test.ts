// gateway.tls files as OpenClaw's loadGatewayTlsServerRuntime judges them: a pair is generated only
// when both files are absent and autoGenerate is not false; any other missing file stops start-up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tlsFileFacts } from '../../src/collectors/config/tls-files.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ckd-tls-files-'));
const cert = path.join(dir, 'c.pem');
fs.writeFileSync(cert, 'x');
const cfg = (tls: Record<string, unknown>) => ({ gateway: { tls } });

describe('tlsFileFacts', () => {
  it('nothing to say when tls is off or both default files are absent with autoGenerate on', async () => {
    expect(await tlsFileFacts(cfg({ enabled: false, certPath: '/nope' }), dir, dir)).toEqual({});
    expect(await tlsFileFacts(cfg({ enabled: true }), dir, dir)).toEqual({});
  });
  it('autoGenerate false and no files: both paths named', async () => {
    expect(await tlsFileFacts(cfg({ enabled: true, autoGenerate: false }), dir, dir)).toEqual({
      tlsFilesMissing: `${path.join(dir, 'gateway', 'tls', 'gateway-cert.pem')}, ${path.join(dir, 'gateway', 'tls', 'gateway-key.pem')}`,
    });
  });
  it('a certificate without its key is missing even with autoGenerate on; ~ is the home', async () => {
    expect(await tlsFileFacts(cfg({ enabled: true, certPath: '~/c.pem', keyPath: '~/k.pem' }), '/elsewhere', dir)).toEqual({ tlsFilesMissing: path.join(dir, 'k.pem') });
  });
});
