// A node-only host told in the paste (src/derive/node-host.ts, Round 36c): OpenClaw's status table, or one
// paragraph of the reporter's own prose holding the role, a loopback refusal and a working node service.
// connection-refused and supervisor-left-gateway-stopped stand down on it; every other shape keeps them.
// The texts are our own, written to the shapes of the readable node-host report and the review's near misses.
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveFacts } from '../../src/derive/index.js';
import { deriveNodeOnlyHost } from '../../src/derive/node-host.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Facts, Rule } from '../../src/types.js';

let rules: Rule[];
beforeAll(async () => {
  rules = await loadBuiltinRules();
});
const factsOf = async (text: string): Promise<Facts> => deriveFacts({ flags: {}, paste: await pasteFromString(text) } as Facts);
const REFUSED = 'connect ECONNREFUSED 127.0.0.1:18789';
const TWO = ['gateway-down/connection-refused', 'gateway-down/supervisor-left-gateway-stopped'];
const fired = async (text: string): Promise<string[]> =>
  evaluate(rules, await factsOf(text)).findings.map((f) => f.ruleId).filter((id) => TWO.includes(id));

const NODE_HOST = [
  'Running openclaw status on a Mac set up as a node (not a gateway):',
  `the gateway shows as unreachable (${REFUSED})`,
  'and openclaw gateway probe fails the same way against the local port.',
  'The node service itself is working fine, and the remote gateway sees the node as paired · connected.',
].join('\n');

describe('paste.derived.nodeOnlyHost', () => {
  it('reads the role, the refusal and the working node service told across one paragraph', async () => {
    expect((await factsOf(NODE_HOST)).paste?.derived?.nodeOnlyHost).toEqual({ line: 1, by: 'prose' });
    expect(await fired(NODE_HOST)).toEqual([]);
  });

  it('reads OpenClaw\'s status table (Node service running, Gateway service not installed)', () => {
    const lines = ['Gateway service: systemd not installed', 'Node service: systemd installed · enabled · running (pid 812)', `Gateway: unreachable (${REFUSED})`].map((text, i) => ({ line: i + 1, text }));
    expect(deriveNodeOnlyHost(lines)).toEqual({ nodeOnlyHost: { line: 2, by: 'status' } });
  });

  const KEEP: Record<string, string> = {
    // The three told in different paragraphs: the role is not said of the machine that refuses.
    'role in another paragraph': `This Mac is set up as a node, not a gateway.\n\nOn the server: ${REFUSED}\nThe node service itself is working fine.`,
    // A docs FAQ paragraph pasted above the reporter's own refusal.
    'a FAQ above the reporter\'s refusal': `FAQ: on a node-only host, status shows ${REFUSED}; the node service is working fine there.\n\nBut after the update my laptop, which runs the gateway, says ${REFUSED} too.`,
    // A healthy node paragraph beside a real failure on the gateway host.
    'a healthy node beside a real failure': `${NODE_HOST}\n\nOn the gateway host itself, openclaw gateway status: Runtime: stopped, ${REFUSED}`,
    // The role taken back.
    'the role taken back': `I thought this was a node-only host, but it is my gateway.\n${REFUSED}\nThe node service itself is working fine.`,
    // The node service is not working.
    'the node service not working': `Running openclaw status on a Mac set up as a node (not a gateway):\n${REFUSED}\nThe node service exited with code 1.`,
    // Other languages are not read (zh): the finding stays.
    'zh': `这台 Mac 配置成节点（不是网关）：\n${REFUSED}\n节点服务本身运行正常。`,
    // A wrapped role line: "as a node (not a" / "gateway)" is no role.
    'a wrapped role': `Running openclaw status on a Mac set up as a node (not a\ngateway): ${REFUSED}\nThe node service itself is working fine.`,
    // A speaker label opens another speaker's paragraph.
    'another speaker': `assistant: on a node-only host the node service is working fine and this is expected\nuser: ${REFUSED}`,
  };
  for (const [name, text] of Object.entries(KEEP)) {
    it(`keeps connection-refused: ${name}`, async () => {
      expect((await factsOf(text)).paste?.derived?.nodeOnlyHost, name).toBeUndefined();
      expect(await fired(text), name).toContain('gateway-down/connection-refused');
    });
  }
});
