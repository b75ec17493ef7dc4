// OpenClaw's own structured outputs read as such (issue #12 item 3): the extractor on the real
// CLI outputs recorded from real gateways (fixtures/matrix), inside surrounding text, on hostile
// JSON, and the rules that read its fields.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { normalizeLine } from '../../src/collectors/paste/normalize.js';
import { extractStructured } from '../../src/collectors/paste/structured/index.js';
import { findJsonBlocks } from '../../src/collectors/paste/structured/json-blocks.js';
import { TEXT_MAX_LINES, textGatewayStatus, textOverview } from '../../src/collectors/paste/structured/text-status.js';
import { textDevicesList } from '../../src/collectors/paste/structured/devices.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { evaluate, evaluateRule } from '../../src/engine/evaluate.js';
import { buildReport } from '../../src/report/report.js';
import type { Rule } from '../../src/types.js';

interface CliRun {
  cmd: string[];
  json?: Record<string, unknown>;
  stdout?: string;
}
interface Recording {
  release: string;
  scenario: string;
  cli?: CliRun[];
}

const MATRIX = join(import.meta.dirname, '..', '..', 'fixtures', 'matrix');
const recordings: Recording[] = readdirSync(MATRIX, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(MATRIX, d.name)).map((f) => JSON.parse(readFileSync(join(MATRIX, d.name, f), 'utf8')) as Recording));

function outputs(command: string): Array<{ rec: Recording; run: CliRun }> {
  return recordings.flatMap((rec) => (rec.cli ?? []).filter((run) => run.cmd.slice(1).join(' ') === command).map((run) => ({ rec, run })));
}

describe('recorded CLI outputs', () => {
  it('gateway status --json: probe, port and service fields', () => {
    const runs = outputs('gateway status --json').filter((r) => r.run.json);
    expect(runs.length).toBeGreaterThan(20);
    for (const { rec, run } of runs) {
      const j = run.json as { rpc?: { ok?: boolean }; port?: { status?: string }; service?: { loaded?: boolean } };
      const s = extractStructured(JSON.stringify(run.json, null, 2));
      expect(s?.documents.map((d) => d.kind), `${rec.release}/${rec.scenario}`).toEqual(['gateway-status']);
      expect(s?.gatewayStatus?.rpcOk).toBe(j.rpc?.ok);
      expect(s?.gatewayStatus?.portStatus).toBe(j.port?.status);
      expect(s?.gatewayStatus?.serviceLoaded).toBe(j.service?.loaded);
    }
  });

  it('doctor --lint --json: every finding with its check id and severity', () => {
    const runs = outputs('doctor --lint --json').filter((r) => r.run.json);
    expect(runs.length).toBeGreaterThan(10);
    for (const { run } of runs) {
      const findings = (run.json as { findings: Array<{ checkId: string; severity: string }> }).findings;
      const s = extractStructured(JSON.stringify(run.json));
      expect(s?.documents[0]?.kind).toBe('doctor-lint');
      expect(s?.checks.map((c) => `${c.checkId}:${c.severity}`)).toEqual(findings.map((f) => `${f.checkId}:${f.severity}`));
    }
  });

  it('health --json: ok and the transport error', () => {
    const runs = outputs('health --json').filter((r) => r.run.json);
    expect(runs.length).toBeGreaterThan(10);
    for (const { run } of runs) {
      const j = run.json as { ok: boolean; error?: { type?: string } };
      const s = extractStructured(JSON.stringify(run.json, null, 2));
      expect(s?.health?.ok).toBe(j.ok);
      expect(s?.health?.errorType).toBe(j.error?.type);
    }
  });

  it('status: the Gateway row of the overview table', () => {
    const down = outputs('status').find((r) => r.rec.scenario === 'gateway-not-running' && r.rec.release === '2026.9.6');
    const up = outputs('status').find((r) => r.rec.scenario === 'token-loopback' && r.rec.release === '2026.9.6');
    expect(extractStructured(down!.run.stdout!)?.overview?.gatewayReachable).toBe(false);
    expect(extractStructured(up!.run.stdout!)?.overview?.gatewayReachable).toBe(true);
  });

  it('status: a Gateway row wrapped after its `·` continues on the next line only (Round 33o)', () => {
    const wrapped = textOverview(['│ Gateway         │ local · ws://127.0.0.1:18789 (local loopback) ·', 'unreachable (timeout)   │']);
    expect(wrapped?.gateway).toBe('local · ws://127.0.0.1:18789 (local loopback) · unreachable (timeout)');
    expect(wrapped?.gatewayReachable).toBe(false);
    // The line after the continuation, and a line after another row, do not join the Gateway row.
    const other = textOverview([
      '│ Gateway         │ local · ws://127.0.0.1:18789 (local loopback) ·',
      'reachable 12ms · auth token   │',
      'unreachable (timeout)',
      '│ Memory          │ lancedb ·',
      'unreachable (timeout) │',
    ]);
    expect(other?.gateway).toBe('local · ws://127.0.0.1:18789 (local loopback) · reachable 12ms · auth token');
    expect(other?.gatewayReachable).toBe(true);
  });
});

describe('in a paste', () => {
  it('finds a pretty-printed document between prose lines, with its start line', () => {
    const doc = JSON.stringify({ schemaVersion: 1, ok: false, checksRun: 3, findings: [{ checkId: 'core/doctor/final-config-validation', severity: 'error', message: 'Invalid input' }] }, null, 2);
    const s = extractStructured(`here is what doctor says:\n$ openclaw doctor --lint --json\n${doc}\nplease help`);
    expect(s?.documents).toEqual([{ kind: 'doctor-lint', form: 'json', line: 3 }]);
    expect(s?.checks[0]?.line).toBe(3);
  });

  it('reads the text form of gateway status', () => {
    const s = extractStructured('Service: systemd (enabled)\nProbe target: ws://127.0.0.1:18789\nRuntime: stopped (state failed, last exit 1)\nConnectivity probe: failed');
    expect(s?.gatewayStatus).toMatchObject({ form: 'text', runtimeStatus: 'stopped', lastExitStatus: 1, rpcOk: false, serviceLoaded: true, probeUrl: 'ws://127.0.0.1:18789' });
  });

  it('reads every platform\'s service word and the failed probe\'s error lines (Round 35c)', () => {
    // service.ts: schtasks registered/missing, generic available/not installed (besides systemd and launchd).
    const missing = extractStructured('Service: Scheduled Task (missing)\nRuntime: unknown\nConnectivity probe: timed out before reaching Gateway\nProbe target: ws://127.0.0.1:18789\n  timeout after 10000ms\n\nListening: none');
    expect(missing?.gatewayStatus).toMatchObject({ serviceLabel: 'Scheduled Task', serviceLoaded: false, rpcOk: false, rpcError: 'timed out before reaching Gateway timeout after 10000ms' });
    expect(extractStructured('Service: Scheduled Task (registered)\nRuntime: running')?.gatewayStatus?.serviceLoaded).toBe(true);
    expect(extractStructured('Service: Gateway service (not installed)\nRPC probe: failed')?.gatewayStatus?.serviceLoaded).toBe(false);
    expect(extractStructured('Service: Gateway service (available)\nRPC probe: ok')?.gatewayStatus?.serviceLoaded).toBe(true);
    // 2026.2: `RPC target:` between the row and the error; the error ends at the first line not indented.
    const rpc = extractStructured('RPC probe: failed\nRPC target: ws://127.0.0.1:18789\n  gateway url override requires explicit credentials\n  Fix: pass --token or --password\nService unit not found.\n  indented but after the block');
    expect(rpc?.gatewayStatus?.rpcError).toBe('gateway url override requires explicit credentials Fix: pass --token or --password');
    // A bare "failed" and no error lines: nothing to quote.
    expect(extractStructured('RPC probe: failed\nService unit not found.')?.gatewayStatus?.rpcError).toBeUndefined();
    expect(extractStructured('RPC probe: ok\n  connect ECONNREFUSED 127.0.0.1:18789')?.gatewayStatus?.rpcError).toBeUndefined();
  });

  it('reads where the probe was aimed: 9.6 diagnostic-only marks, RPC target, the prompt\'s CLI (Round 35n)', () => {
    const row = extractStructured('Service: LaunchAgent (not loaded) (diagnostic only, not the probe target)\nRuntime: unknown\nRPC probe: failed');
    expect(row?.gatewayStatus).toMatchObject({ serviceLabel: 'LaunchAgent', serviceLoaded: false, serviceDiagnosticOnly: true });
    const own = extractStructured('Service: systemd (disabled)\nRPC probe: failed\nRPC target: ws://10.0.0.7:18789\nNative service is not installed; diagnostic only, not the probe target.');
    expect(own?.gatewayStatus).toMatchObject({ serviceDiagnosticOnly: true, probeUrl: 'ws://10.0.0.7:18789' });
    expect(extractStructured('Service: systemd (disabled)\nRPC probe: failed')?.gatewayStatus?.serviceDiagnosticOnly).toBeUndefined();
    const json = extractStructured('{"service": {"label": "LaunchAgent", "loaded": false, "targetRole": "diagnostic-only", "runtime": {"status": "unknown"}}, "gateway": {"probeUrl": "wss://gw.example.ts.net"}, "rpc": {"ok": false}}');
    expect(json?.gatewayStatus?.serviceDiagnosticOnly).toBe(true);
    expect(extractStructured('$ nanobot gateway status\nService: LaunchAgent (not loaded)\nRPC probe: failed')?.gatewayStatus?.statusCli).toBe('nanobot');
    expect(extractStructured('$ npx openclaw gateway status --deep\nService: LaunchAgent (not loaded)\nRPC probe: failed')?.gatewayStatus?.statusCli).toBe('openclaw');
  });

  it('indented pastes, `> ` quotes and look-alike runtimes without a prompt (Round 36f)', () => {
    // A paste indented as a whole: the error lines are those indented past the probe row; `Probe auth:` is a row.
    const indented = extractStructured('    Service: LaunchAgent (not loaded)\n    RPC probe: failed\n    RPC target: ws://127.0.0.1:18789\n      connect ECONNREFUSED 127.0.0.1:18789\n    Probe auth: token from OPENCLAW_GATEWAY_TOKEN');
    expect(indented?.gatewayStatus).toMatchObject({ serviceLoaded: false, rpcOk: false, rpcError: 'connect ECONNREFUSED 127.0.0.1:18789' });
    // A quoted block that starts as output is read without its markers (nested, CRLF); the quote's own indent stays.
    const quoted = extractStructured('I get this:\n\n>> $ openclaw gateway status\r\n>> Service: Scheduled Task (missing)\r\n>> Connectivity probe: failed\r\n>>   connect ECONNREFUSED 127.0.0.1:18789\r\n>> Probe auth: none\r\n');
    expect(quoted?.gatewayStatus).toMatchObject({ line: 4, serviceLabel: 'Scheduled Task', serviceLoaded: false, rpcOk: false, rpcError: 'connect ECONNREFUSED 127.0.0.1:18789', statusCli: 'openclaw' });
    // A quote that starts with prose (a docs excerpt) is not the reporter's output.
    expect(extractStructured('> If `openclaw gateway status` shows\n> Service: LaunchAgent (not loaded)\n> RPC probe: failed\n> then reinstall.')).toBeUndefined();
    expect(extractStructured('> If gateway status shows:\n> Service: LaunchAgent (not loaded)\n> RPC probe: failed')).toBeUndefined();
    expect(extractStructured('> Config (cli): ~/.openclaw/openclaw.json\n> Service: LaunchAgent (not loaded)\n> RPC probe: failed')?.gatewayStatus?.serviceLoaded).toBe(false);
    // A docs quote that opens with its own label ("Example output:", "Note: if you see") is not output (review33f).
    expect(extractStructured('> Example output:\n> Service: LaunchAgent (not loaded)\n> Runtime: unknown\n> RPC probe: failed')).toBeUndefined();
    expect(extractStructured('> Note: if you see\n> Service: LaunchAgent (not loaded)\n> RPC probe: failed')).toBeUndefined();
    expect(extractStructured('> Example:\n> Service: LaunchAgent (not loaded)\n> RPC probe: failed')).toBeUndefined();
    expect(extractStructured('> Runtime: unknown\n> RPC probe: failed\n>   connect ECONNREFUSED 127.0.0.1:18789')?.gatewayStatus?.rpcOk).toBe(false);
    // `> ` as a prompt (PowerShell's `PS C:\>`, a bare `>`) still names the CLI.
    expect(extractStructured('> nanobot gateway status\nService: LaunchAgent (not loaded)\nRPC probe: failed')?.gatewayStatus?.statusCli).toBe('nanobot');
    // No prompt: a look-alike runtime named, OpenClaw never; OpenClaw named anywhere keeps the rows OpenClaw's.
    const rows = 'Service: LaunchAgent (not loaded)\nRuntime: unknown\nRPC probe: failed';
    expect(extractStructured(`My nanobot gateway is down.\n${rows}`)?.gatewayStatus?.otherProduct).toBe('nanobot');
    expect(extractStructured(`PicoClaw gateway status:\n${rows}`)?.gatewayStatus?.otherProduct).toBe('PicoClaw');
    expect(extractStructured(`Moved from nanobot to OpenClaw:\n${rows}`)?.gatewayStatus?.otherProduct).toBeUndefined();
    expect(extractStructured(`My Discord bot is down.\n${rows}`)?.gatewayStatus?.otherProduct).toBeUndefined();
    expect(extractStructured(`$ nanobot gateway status\n${rows}`)?.gatewayStatus).toMatchObject({ statusCli: 'nanobot' });
  });

  it('ignores JSON that is none of OpenClaw outputs', () => {
    expect(extractStructured('{"ok": false, "error": "nope"}\n{"a": {"b": [1, 2]}}')).toBeUndefined();
    expect(extractStructured('Service: systemd (enabled)')).toBeUndefined();
  });

  it('is part of the paste facts of a small paste', async () => {
    const p = await pasteFromString('{"ok":false,"error":{"type":"gateway_transport_error","kind":"timeout","message":"Gateway not reachable"},"gateway":{"url":"ws://127.0.0.1:18789"}}\n');
    expect(p.structured?.health).toMatchObject({ ok: false, errorType: 'gateway_transport_error', url: 'ws://127.0.0.1:18789', line: 1 });
  });
});

describe('openclaw logs --json', () => {
  it('hands each record message to the line rules as `[subsystem] message`', () => {
    const line = JSON.stringify({ type: 'log', time: '2026-12-03T09:00:00Z', level: 'warn', subsystem: 'gateway', message: 'Systemd lingering is disabled for pi.', raw: '{}' });
    expect(normalizeLine(line)).toContain('[gateway] Systemd lingering is disabled for pi.');
    expect(normalizeLine(JSON.stringify({ type: 'meta', file: '/tmp/x.log' }))).not.toContain('/tmp/x.log');
  });

  it('keeps a channel subsystem visible so channel-only errors stay excluded', async () => {
    const rules = await loadBuiltinRules();
    const line = JSON.stringify({ type: 'log', level: 'error', subsystem: 'discord', message: 'gateway closed (4000): tick timeout' });
    const p = await pasteFromString(`${line}\n`);
    const fired = rules.filter((r) => evaluateRule(r, { paste: p }).status === 'fail').map((r) => r.id);
    expect(fired).not.toContain('gateway-down/gateway-not-answering');
    const own = await pasteFromString(`${JSON.stringify({ type: 'log', level: 'error', subsystem: 'gateway', message: 'gateway closed (4000): tick timeout' })}\n`);
    expect(rules.filter((r) => evaluateRule(r, { paste: own }).status === 'fail').map((r) => r.id)).toContain('gateway-down/gateway-not-answering');
  });
});

describe('hostile input', () => {
  it('deep nesting, unbalanced braces and block floods stay bounded', () => {
    expect(extractStructured(`${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`)).toBeUndefined();
    expect(extractStructured(`{${'"x":"}'.repeat(1000)}`)).toBeUndefined();
    expect(findJsonBlocks('{"a":1}\n'.repeat(100), { maxBlock: 1024, maxBlocks: 10 })).toHaveLength(10);
    expect(findJsonBlocks(`{"a":"${'x'.repeat(5000)}"}`, { maxBlock: 1024, maxBlocks: 10 })).toHaveLength(0);
  });
});

describe('findJsonBlocks skips a line once it cannot start a block, and reads a one-line object by JSON.parse alone', () => {
  /** The character-by-character scan it had before (the reference). */
  function reference(text: string, limits: { maxBlock: number; maxBlocks: number }): Array<{ value: unknown; line: number }> {
    const out: Array<{ value: unknown; line: number }> = [];
    let line = 1;
    let i = 0;
    let atLineStart = true;
    const end = (start: number): number => {
      let depth = 0;
      let inString = false;
      for (let k = start; k < Math.min(text.length, start + limits.maxBlock); k++) {
        const c = text[k];
        if (inString) {
          if (c === '\\') k++;
          else if (c === '"') inString = false;
          continue;
        }
        if (c === '"') inString = true;
        else if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') {
          depth--;
          if (depth === 0) return k + 1;
          if (depth < 0) return -1;
        }
      }
      return -1;
    };
    while (i < text.length && out.length < limits.maxBlocks) {
      const c = text[i];
      if (c === '\n') {
        line++;
        atLineStart = true;
        i++;
        continue;
      }
      if (atLineStart && (c === ' ' || c === '\t')) {
        i++;
        continue;
      }
      if (atLineStart && c === '{') {
        const e = end(i);
        let v: unknown;
        try {
          v = e > 0 ? JSON.parse(text.slice(i, e)) : undefined;
        } catch {
          v = undefined;
        }
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
          out.push({ value: v, line });
          for (let k = i; k < e; k++) if (text[k] === '\n') line++;
          i = e;
          atLineStart = false;
          continue;
        }
      }
      atLineStart = false;
      i++;
    }
    return out;
  }

  it('finds the blocks and lines the full scan finds (random texts, blocks, broken blocks, limits)', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
      return seed % n;
    };
    const pieces = ['{"a":1}', '{"b":{"c":[1,2]}}', '  {"d":"x\\"y"}', '\t{"e":\n  {"f":2}\n}', '{"g":', '}', '{', 'plain text {"h":3}', 'x', ' ', '', '{"i":"}{"}', '[1,2]', '{"j":1} {"k":2}', 'end}', '{"l":1}  ', '{"m":2}\r', '{"n":[{"o":3}]}\t', '{"p":1}x', '{"q":"a\\u007b"} ', '{"r":1}\u00a0', '{"s":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]}'];
    let found = 0;
    for (let t = 0; t < 400; t++) {
      const text = Array.from({ length: 1 + rnd(40) }, () => pieces[rnd(pieces.length)]).join(rnd(4) === 0 ? '' : '\n');
      const limits = { maxBlock: 4 + rnd(rnd(2) ? 60 : 200), maxBlocks: 1 + rnd(20) };
      const want = reference(text, limits);
      found += want.length;
      expect(findJsonBlocks(text, limits), JSON.stringify(text)).toEqual(want);
    }
    expect(found).toBeGreaterThan(500);
  });
});

describe('rules that read the fields', () => {
  let rules: Rule[];
  beforeAll(async () => {
    rules = await loadBuiltinRules();
  });
  const fired = async (text: string) => {
    const paste = await pasteFromString(text);
    return rules.filter((r) => evaluateRule(r, { paste }).status === 'fail').map((r) => r.id);
  };
  const recorded = (release: string, scenario: string, command: string) =>
    outputs(command).find((r) => r.rec.release === release && r.rec.scenario === scenario)!.run;

  it('gateway not running (gateway status --json, health --json)', async () => {
    expect(await fired(JSON.stringify(recorded('2026.9.6', 'gateway-not-running', 'gateway status --json').json, null, 2))).toContain('gateway-down/status-reports-not-running');
    expect(await fired(JSON.stringify(recorded('2026.9.6', 'gateway-not-running', 'health --json').json))).toContain('gateway-down/status-reports-not-running');
    expect(await fired(JSON.stringify(recorded('2026.9.6', 'token-loopback', 'gateway status --json').json, null, 2))).not.toContain('gateway-down/status-reports-not-running');
  });

  it('quotes a field it read with the line its block starts on', async () => {
    const paste = await pasteFromString(`$ openclaw health --json\n${JSON.stringify(recorded('2026.9.6', 'gateway-not-running', 'health --json').json)}\n`);
    const rule = rules.find((r) => r.id === 'gateway-down/status-reports-not-running')!;
    const ev = evaluateRule(rule, { paste }).evidence.find((e) => e.path === 'paste.structured.health.errorType');
    expect(ev).toMatchObject({ source: 'paste', line: 2, text: 'health.errorType = "gateway_transport_error"' });
  });

  it('another program on the port (port-taken)', async () => {
    const ids = await fired(JSON.stringify(recorded('2026.9.6', 'port-taken', 'gateway status --json').json, null, 2));
    expect(ids).toContain('port-bind/status-port-held-by-other-process');
    expect(ids).not.toContain('gateway-down/status-reports-not-running');
  });

  it('config invalid from doctor --lint --json; other checks are not read', async () => {
    expect(await fired(JSON.stringify(recorded('2026.9.6', 'auth-string', 'doctor --lint --json').json, null, 2))).toContain('config-parse/doctor-reports-config-invalid');
    expect(await fired(JSON.stringify(recorded('2026.9.6', 'token-loopback', 'doctor --lint --json').json, null, 2))).not.toContain('config-parse/doctor-reports-config-invalid');
  });
});

describe('openclaw devices list (fields, not words)', () => {
  const paired = [{ deviceId: 'dev-a', roles: ['operator'], scopes: ['operator.admin'], tokens: [{ role: 'operator' }] }];
  const doc = (pending: unknown[]) => JSON.stringify({ pending, paired }, null, 2);

  it('--json: kind decided like OpenClaw (new, scope upgrade, re-approval), repair flag and newest request id', () => {
    const d = extractStructured(doc([
      { requestId: 'r-new', deviceId: 'dev-b', roles: ['operator'], scopes: [], ts: 1 },
      { requestId: 'r-up', deviceId: 'dev-a', roles: ['operator'], scopes: ['operator.admin', 'operator.pairing'], ts: 3 },
      { requestId: 'r-rep', deviceId: 'dev-a', role: 'operator', scopes: ['operator.admin'], isRepair: true, ts: 2 },
    ]))?.devices;
    expect(d?.requests.map((r) => `${r.requestId}:${r.kind}:${r.repair}`)).toEqual(['r-new:new-pairing:false', 'r-up:scope-upgrade:false', 'r-rep:re-approval:true']);
    expect(d).toMatchObject({ form: 'json', pending: 3, paired: 1, newPairing: 1, upgrades: 1, repairs: 1, latestRequestId: 'r-up' });
  });

  it('a role backed only by a revoked token is not approved (role upgrade)', () => {
    const revoked = JSON.stringify({ pending: [{ requestId: 'r', deviceId: 'dev-a', roles: ['operator'] }], paired: [{ ...paired[0], tokens: [{ role: 'operator', revokedAtMs: 5 }] }] });
    expect(extractStructured(revoked)?.devices?.requests[0]?.kind).toBe('role-upgrade');
  });

  it('text tables: Pending heading count and Status column; Paired only means nothing pending', () => {
    const text = ['Pending (2)', '│ Request  │ Device │ Status              │', '│ 0a1b2c3d │ mac    │ new pairing         │', '│ 9f8e7d6c │ cli    │ re-approval, repair │', 'Paired (1)', '│ cli │ dev-a │'].join('\n');
    expect(extractStructured(text)?.devices).toMatchObject({ form: 'text', pending: 2, paired: 1, newPairing: 1, repairs: 1, latestRequestId: '9f8e7d6c' });
    expect(extractStructured('Paired (3)\n│ cli │ dev-a │')?.devices).toMatchObject({ pending: 0, newPairing: 0, repairs: 0 });
  });
});

describe('the text forms are read only where their words are (issue #13)', () => {
  // The old path: every line of the text split and handed to all three readers.
  const reference = (text: string) => {
    const lines = text.split('\n');
    return { gatewayStatus: textGatewayStatus(lines), overview: textOverview(lines), devices: textDevicesList(lines) };
  };
  const got = (text: string) => {
    const s = extractStructured(text);
    return { gatewayStatus: s?.gatewayStatus, overview: s?.overview, devices: s?.devices };
  };
  // Recorded text outputs, and lines in other cases and spacings than OpenClaw prints them.
  const recorded = recordings.flatMap((r) => (r.cli ?? []).flatMap((run) => (run.stdout ? run.stdout.split('\n') : [])));
  const crafted = ['  RUNTIME:   running (pid 4)', 'runtime: stopped (last exit 1)', 'rpc PROBE: ok', 'read probe: timed out', 'CONNECTIVITY PROBE: failed', 'Service: systemd (enabled)', 'Probe target: ws://127.0.0.1:18789', '│ Gateway │ local · ws://127.0.0.1:18789 · unreachable (refused) │', '| Gateway service | systemd · running |', '|           | continued |', 'Pending (2)', '  Paired (1)  ', '│ 0a1b2c3d │ mac │ new pairing │', '│ 9f8e7d6c │ cli │ scope upgrade, repair │', 'pending (1)', 'Runtime running', 'probe ok'];
  const filler = ['2026-12-06T10:00:00Z [gateway] heartbeat ok', '2026-12-06T10:00:01Z [ws] closed 1006', '', 'plain words and nothing else\r'];
  let seed = 7;
  const rnd = (n: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };

  it('give what every line read by all three gives (random texts; words before, at and past the lines read)', () => {
    expect(recorded.length).toBeGreaterThan(100);
    const word = () => (rnd(2) ? crafted[rnd(crafted.length)]! : recorded[rnd(recorded.length)]!);
    const found = { gatewayStatus: 0, overview: 0, devices: 0 };
    for (let k = 0; k < 300; k++) {
      const n = [3, 40, TEXT_MAX_LINES - 1, TEXT_MAX_LINES + 3][k % 4]!;
      const lines = Array.from({ length: n }, () => filler[rnd(filler.length)]!);
      // Words near the start, around the last line read, or past it — or none at all.
      for (let w = rnd(7); w > 0; w--) {
        const at = [rnd(n), Math.max(0, TEXT_MAX_LINES - 1 - rnd(3)), TEXT_MAX_LINES + rnd(3)][rnd(3)]!;
        if (at < lines.length) lines[at] = word();
      }
      const text = lines.join('\n');
      const want = reference(text);
      for (const kind of ['gatewayStatus', 'overview', 'devices'] as const) if (want[kind]) found[kind]++;
      expect(got(text), `text ${k}`).toEqual(want);
    }
    // The texts hold every kind of answer, not only none.
    for (const n of Object.values(found)) expect(n).toBeGreaterThan(9);
  });

  it('each crafted line alone, and every recorded output whole', () => {
    for (const l of crafted) expect(got(l), l).toEqual(reference(l));
    for (const r of recordings) for (const run of r.cli ?? []) if (run.stdout) expect(got(run.stdout)).toEqual(reference(run.stdout));
  });
});

describe('structured outputs larger than the whole-paste limit', () => {
  const finding = (i: number) => ({ checkId: i === 7 ? 'core/doctor/final-config-validation' : `core/doctor/check-${i}`, severity: i === 7 ? 'error' : 'info', message: 'x'.repeat(200) });

  it('a doctor --lint document too large to parse whole is read finding by finding', () => {
    const big = JSON.stringify({ ok: false, checksRun: 4000, findings: Array.from({ length: 4000 }, (_, i) => finding(i)) }, null, 2);
    expect(big.length).toBeGreaterThan(512 * 1024);
    const s = extractStructured(big);
    expect(s?.documents[0]?.kind).toBe('doctor-lint');
    expect(s?.checks.find((c) => c.severity === 'error')?.checkId).toBe('core/doctor/final-config-validation');
    expect(s?.partial).toBeUndefined();
  });

  it('a paste over 2 MB: the head is read as structured outputs and the facts say how much', async () => {
    const status = JSON.stringify({ pending: [{ requestId: 'r1', deviceId: 'x', roles: ['operator'] }], paired: [] }, null, 2);
    const filler = '2026-12-03T10:00:00Z [gateway] heartbeat ok\n'.repeat(80_000);
    const p = await pasteFromString(`${status}\n${filler}`);
    expect(p.bytes).toBeGreaterThan(2 * 1024 * 1024);
    expect(p.structured?.devices?.newPairing).toBe(1);
    expect(p.structured?.partial?.totalBytes).toBe(p.bytes);
    expect(p.structured?.partial?.readBytes).toBeLessThan(p.bytes);
    const facts = { flags: {}, paste: p };
    const report = buildReport({ toolVersion: '0', facts, output: evaluate([], facts), failOn: 'error', inputs: { config: null, probe: null, env: null, rules: { count: 0, extraDirs: [] }, notCollected: [] } });
    // Read without the rules' anchors, so only 20,000 of its lines were kept: said too.
    expect(report.inputs.unexamined).toEqual([
      { source: 'paste', what: expect.stringMatching(/^\d+ lines that could hold a match \(between line 10000 and line \d+\) were not examined/) },
      { source: 'paste', what: expect.stringMatching(/read from the first 2\.0 MiB of 3\.\d MiB only/) },
    ]);
  });
});
