// `--live` shares one gateway start between scenarios that start the very same gateway
// (scripts/matrix/groups.ts); everything that happens before the start stays per scenario.
import { describe, expect, it } from 'vitest';
import { sameGatewayGroups } from '../../scripts/matrix/groups.js';
import { SCENARIOS } from '../../scripts/matrix/scenarios.js';
import type { Scenario } from '../../scripts/matrix/types.js';

const ci = SCENARIOS.filter((s) => s.ci);
const ids = (groups: Scenario[][]) => groups.map((g) => g.map((s) => s.id));

describe('sameGatewayGroups', () => {
  it('the CI subset: the five token-loopback configs share one gateway, every other scenario has its own', () => {
    const groups = ids(sameGatewayGroups(ci));
    expect(groups.flat().sort()).toEqual(ci.map((s) => s.id).sort());
    const shared = groups.filter((g) => g.length > 1);
    expect(shared).toEqual([['token-loopback', 'stale-env-token', 'wrong-token', 'no-credential', 'protocol-range']]);
    expect(groups).toHaveLength(ci.length - 4);
  });

  it('every group agrees on the config, files, env, arguments and network of its gateway', () => {
    for (const g of sameGatewayGroups(SCENARIOS)) {
      for (const s of g.slice(1)) {
        expect({ id: s.id, config: s.config, base: s.base, files: s.files, env: s.env, args: s.args, netns: s.netns, tls: s.tls, tlsFiles: s.tlsFiles, tailnet: s.tailnet }).toEqual({
          id: s.id,
          config: g[0]!.config,
          base: g[0]!.base,
          files: g[0]!.files,
          env: g[0]!.env,
          args: g[0]!.args,
          netns: g[0]!.netns,
          tls: g[0]!.tls,
          tlsFiles: g[0]!.tlsFiles,
          tailnet: g[0]!.tailnet,
        });
      }
    }
  });

  it('a scenario with something before the start (port taken, first instance, no gateway) never shares', () => {
    const base = SCENARIOS.find((s) => s.id === 'token-loopback')!;
    const pres: Scenario[] = (['occupy-port', 'first-instance', 'no-gateway'] as const).map((pre) => ({ ...base, id: `x-${pre}`, pre }));
    const groups = ids(sameGatewayGroups([base, ...pres, { ...base, id: 'twin' }]));
    expect(groups).toEqual([['token-loopback', 'twin'], ['x-occupy-port'], ['x-first-instance'], ['x-no-gateway']]);
  });

  it('a different gateway environment or argument list is a different gateway', () => {
    const base = SCENARIOS.find((s) => s.id === 'token-loopback')!;
    const groups = ids(sameGatewayGroups([base, { ...base, id: 'env', env: { OPENCLAW_GATEWAY_PORT: '1' } }, { ...base, id: 'args', args: ['--port', '1'] }, { ...base, id: 'client-only', credential: null, clientEnv: { A: '1' } }]));
    expect(groups).toEqual([['token-loopback', 'client-only'], ['env'], ['args']]);
  });
});
