// src/shared/v8-flags.ts sets V8 flags through process.binding('v8') where Node has it (issue #13 start-up).
// Run in a fresh process (tsc's dist/, as the other package tests) under the flags that make a deprecation
// warning visible or fatal. That node:v8 is then not loaded is checked on the bundle (bundle.test.ts): tsc's
// output imports it eagerly, the bundle only at the fallback's first use.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = pathToFileURL(join(__dirname, '..', '..', 'dist', 'shared', 'v8-flags.js')).href;

describe('setV8Flags', () => {
  const code = [
    `const { setV8Flags } = await import(${JSON.stringify(MODULE)});`,
    "setV8Flags('--enable-experimental-regexp-engine');",
    "console.log(JSON.stringify({ l: new RegExp('a+', 'l').test('aa'), quiet: process.noDeprecation, own: Object.hasOwn(process, 'noDeprecation') }));",
  ].join('\n');

  it('sets the flag, with no deprecation warning (not even under --pending/--throw-deprecation), and puts noDeprecation back', () => {
    const r = spawnSync(process.execPath, ['--pending-deprecation', '--throw-deprecation', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { l: boolean; quiet: unknown; own: boolean };
    expect(out.l).toBe(true); // the linear engine's `l` flag needs the flag set
    expect(out.quiet).toBeUndefined(); // process.noDeprecation put back
    expect(out.own).toBe(false); // … as it was: not an own property of process
  });

  it('under --no-deprecation (noDeprecation read-only): sets the flag, no TypeError, nothing printed', () => {
    const r = spawnSync(process.execPath, ['--no-deprecation', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { l: boolean; quiet: unknown };
    expect(out.l).toBe(true);
    expect(out.quiet).toBe(true);
  });

  it('without the flag the linear engine refuses the l flag (the control)', () => {
    const r = spawnSync(process.execPath, ['-e', "try { new RegExp('a+', 'l'); console.log('accepted'); } catch { console.log('refused'); }"], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout.trim()).toBe('refused');
  });
});
