import { describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { derivePaste, deriveServeClaim } from '../../src/derive/paste.js';

const endpointsOf = async (text: string) => (await pasteFromString(text)).endpoints ?? [];
const derivedOf = async (text: string) => derivePaste(await pasteFromString(text));

describe('paste endpoints (client target vs gateway listener)', () => {
  it('reads the client and gateway ports from OpenClaw lines, with hosts', async () => {
    const eps = await endpointsOf(
      [
        '[gateway] listening on ws://127.0.0.1:48789 (PID 42)',
        'Gateway target: ws://127.0.0.1:18789',
        'Probe target: ws://[::1]:19001',
        'Note: CLI config resolves gateway port=19002 (free).',
        'Gateway: bind=loopback (127.0.0.1), port=18789 (service args)',
        'ssh -N -L 18789:127.0.0.1:18791 me@host',
        'openclaw --profile work onboard --gateway-port 19789',
      ].join('\n'),
    );
    expect(eps).toEqual([
      { role: 'gateway', how: 'listening', port: 48789, host: '127.0.0.1', line: 1 },
      { role: 'client', how: 'gateway-target', port: 18789, host: '127.0.0.1', line: 2 },
      { role: 'client', how: 'probe-target', port: 19001, host: '::1', line: 3 },
      { role: 'client', how: 'cli-config-port', port: 19002, line: 4 },
      { role: 'gateway', how: 'status-port', port: 18789, line: 5 },
      { role: 'client', how: 'ssh-forward', port: 18791, host: '127.0.0.1', line: 6 },
      { role: 'gateway', how: 'gateway-port-flag', port: 19789, line: 7 },
    ]);
  });

  it('does not take the node bridge, browser control or a one-off call port for the gateway listener', async () => {
    const eps = await endpointsOf(
      ['listening on ws://0.0.0.0:18790 (node)', 'Browser control listening on http://127.0.0.1:18791/', 'openclaw gateway --port 19001 call health'].join('\n'),
    );
    expect(eps.filter((e) => e.role === 'gateway')).toEqual([]);
  });

  it('an HTTP API client URL is a client endpoint; a model provider URL without a port is not', async () => {
    const eps = await endpointsOf(
      ['POST http://127.0.0.1:18789/v1/chat/completions -> ECONNREFUSED', 'GET https://api.openai.com/v1/models', 'curl http://gw.lan:19001/tools/invoke'].join('\n'),
    );
    expect(eps).toEqual([
      { role: 'client', how: 'http-api', port: 18789, host: '127.0.0.1', line: 1 },
      { role: 'client', how: 'http-api', port: 19001, host: 'gw.lan', line: 3 },
    ]);
  });

  it('a gateway run with --port is a listener', async () => {
    const eps = await endpointsOf('$ openclaw gateway run --bind loopback --port 48789');
    expect(eps).toEqual([{ role: 'gateway', how: 'gateway-flag', port: 48789, line: 1 }]);
  });

  it('the text\'s own account of where the CLI or TUI went is a client endpoint (Round 30b)', async () => {
    const eps = await endpointsOf(
      [
        'openclaw gateway --port 48789',
        'then openclaw tui targets ws://127.0.0.1:18789 unless I pass --url',
        'the CLI probes ws://[::1]:19001 instead',
        'my browser connects to ws://127.0.0.1:18789 fine',
        'openclaw tui targets the default port',
      ].join('\n'),
    );
    expect(eps).toEqual([
      { role: 'gateway', how: 'gateway-flag', port: 48789, line: 1 },
      { role: 'client', how: 'client-stated', port: 18789, host: '127.0.0.1', line: 2 },
      { role: 'client', how: 'client-stated', port: 19001, host: '::1', line: 3 },
    ]);
    // Prose: it counts only beside a failure (review27d), here none on its line or in the story.
    expect(derivePaste({ endpoints: eps })).toEqual({});
    // Another program's CLI is no client of the gateway ("the " is required before CLI/TUI); through an SSH forward the near end legitimately differs.
    expect(await endpointsOf('the CLI of my MQTT broker connects to ws://127.0.0.1:9001')).toEqual([]);
    expect(await endpointsOf('the Home Assistant CLI connects to ws://127.0.0.1:8123 and times out')).toEqual([]);
    expect(
      await derivedOf(['openclaw gateway --port 28789 on the VPS', 'ssh -N -L 18789:127.0.0.1:28789 me@vps', 'openclaw tui connects to ws://127.0.0.1:18789'].join('\n')),
    ).toEqual({});
  });

  it('a client-stated port counts only beside a failure, never through any forward or beside a --url on the gateway port (review27d)', async () => {
    const gw = 'openclaw gateway --port 28789';
    const tui = 'openclaw tui connects to ws://127.0.0.1:18789';
    // A failure on its line, or in a story where no line says it works.
    expect(await derivedOf([gw, `${tui} and sits on connecting`].join('\n'))).toMatchObject({ targetPortDiffers: true, targetPort: 18789, line: 2 });
    expect(await derivedOf([gw, tui, 'gateway closed (1006 abnormal closure)'].join('\n'))).toMatchObject({ targetPortDiffers: true, targetPort: 18789 });
    expect(await derivedOf([gw, `${tui} 然后一直连不上`].join('\n'))).toMatchObject({ targetPortDiffers: true });
    // "doesn't work", "never answers", "stopped responding" are failures too (Round 31b; "works" alone is not).
    for (const fail of ["and it doesn't work", 'and never answers', 'but it stopped responding', 'and it won’t connect']) {
      expect(await derivedOf([gw, `${tui} ${fail}`].join('\n'))).toMatchObject({ targetPortDiffers: true, targetPort: 18789 });
    }
    // Elsewhere those words count only with the client as their subject (review28b F-1..F-12: a provider or channel failing).
    expect(await derivedOf([gw, tui, "the TUI still doesn't work"].join('\n'))).toMatchObject({ targetPortDiffers: true });
    for (const other of [
      "the bot doesn't work",
      'Telegram stopped responding after the update',
      'my Discord channel never answers',
      "Ollama won't respond to the agent",
      "image generation doesn't work with Gemini",
    ]) {
      expect(await derivedOf([gw, tui, other].join('\n'))).toEqual({});
    }
    expect(await derivedOf([gw, `${tui} and it works`].join('\n'))).toEqual({});
    // No failure, or "works / fine / 没问题": it stands down.
    expect(await derivedOf([gw, tui].join('\n'))).toEqual({});
    expect(await derivedOf([gw, `${tui} and talks to the main one fine`].join('\n'))).toEqual({});
    expect(await derivedOf([gw, `${tui} 没问题`, 'the bot times out'].join('\n'))).toEqual({});
    expect(await derivedOf([gw, tui, 'that works, but the bot times out'].join('\n'))).toEqual({});
    // "is connecting to ws://" is the verb, not a failure.
    expect(await derivedOf([gw, 'the TUI is connecting to ws://127.0.0.1:18789'].join('\n'))).toEqual({});
    // Any SSH forward: -R, ssh-config LocalForward / RemoteForward.
    for (const fwd of ['ssh -N -R 18789:127.0.0.1:28789 me@vps', 'LocalForward 18789 127.0.0.1:28789', 'RemoteForward 18789 localhost:28789']) {
      expect(await derivedOf([gw, fwd, `${tui} and hangs`].join('\n'))).toEqual({});
    }
    // A --url on the gateway's port is where the client went; on another port it is still compared.
    expect(await derivedOf([gw, `${tui} by default`, 'openclaw tui --url ws://127.0.0.1:28789 times out on slow replies'].join('\n'))).toEqual({});
    expect(await derivedOf([gw, 'openclaw tui --url ws://127.0.0.1:38789 and it hangs'].join('\n'))).toMatchObject({ targetPortDiffers: true, targetPort: 38789 });
    // A structured target line needs no failure word.
    expect(await derivedOf([gw, 'Gateway target: ws://127.0.0.1:18789'].join('\n'))).toMatchObject({ targetPortDiffers: true });
  });

  it('differs when a loopback client aims at a port no gateway line names', async () => {
    const d = await derivedOf('[gateway] listening on ws://127.0.0.1:48789 (PID 1)\nGateway target: ws://127.0.0.1:18789');
    expect(d).toMatchObject({ targetPortDiffers: true, targetPort: 18789, gatewayPorts: '48789', line: 2, gatewayLine: 1 });
  });

  it('does not differ on the same port, on a remote target, or without a gateway line', async () => {
    expect(await derivedOf('[gateway] listening on ws://127.0.0.1:18789 (PID 1)\nGateway target: ws://127.0.0.1:18789')).toEqual({});
    expect(await derivedOf('[gateway] listening on ws://127.0.0.1:18789 (PID 1)\nGateway target: wss://claw.example.net:8443')).toEqual({});
    expect(await derivedOf('Gateway target: ws://127.0.0.1:18789')).toEqual({});
  });
});

describe('the Tailscale Serve claim: which came last (review24a p18)', () => {
  const exited = '2026-11-03T02:10:55.870Z [tailscale] serve route claim exited; managed Tailscale ingress is unavailable until the Gateway restarts';
  const enabled = '2026-11-03T08:00:03.114Z [tailscale] serve enabled: https://mini.tail3c9a.ts.net/ (WS via wss://mini.tail3c9a.ts.net)';
  const claim = async (lines: string[]) => deriveServeClaim((await pasteFromString(lines.join('\n'))).kept);
  it('a claim after the last claim-exited warning: reclaimed, with its line', async () => {
    expect(await claim([exited, '[gateway] listening on ws://127.0.0.1:18789', enabled, 'pairing required'])).toEqual({ tailscaleServeReclaimed: true, tailscaleServeReclaimedLine: 3 });
    expect(await claim([exited.replace('serve', 'funnel'), enabled.replace('serve', 'funnel')])).toEqual({ tailscaleServeReclaimed: true, tailscaleServeReclaimedLine: 2 });
  });
  it('a claim only before it, or none: lost', async () => {
    expect(await claim([enabled, exited])).toEqual({ tailscaleServeReclaimed: false });
    expect(await claim([exited, enabled, exited])).toEqual({ tailscaleServeReclaimed: false });
    expect(await claim([exited])).toEqual({ tailscaleServeReclaimed: false });
  });
  it('no claim-exited warning: no fact', async () => {
    expect(await claim([enabled])).toEqual({});
    expect(await claim(['tailscale serve enabled but the route claim is gone'])).toEqual({});
  });
  it('prose quoting a claim line is no claim: the [tailscale] tag or a real host (review25a item 7)', async () => {
    expect(await claim([exited, 'the docs say you should see "serve enabled: https://..." after a restart but I never see it'])).toEqual({ tailscaleServeReclaimed: false });
    expect(await claim([exited, 'now it logs serve enabled: https://mini.tail3c9a.ts.net/ again'])).toEqual({ tailscaleServeReclaimed: true, tailscaleServeReclaimedLine: 2 });
    expect(await claim([exited, enabled.replace(/^\S+ /, '')])).toEqual({ tailscaleServeReclaimed: true, tailscaleServeReclaimedLine: 2 });
  });
  it('a later line stamped before the warning claimed it earlier, not again (review25a should-fix)', async () => {
    const late = exited.replace('2026-11-03T02:10:55', '2026-11-04T01:12:40');
    expect(await claim([late, enabled])).toEqual({ tailscaleServeReclaimed: false });
    expect(await claim([exited, enabled])).toEqual({ tailscaleServeReclaimed: true, tailscaleServeReclaimedLine: 2 });
  });
});
