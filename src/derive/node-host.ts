// A node-only host told in the paste (Round 36c; issue #12 §7): the machine runs OpenClaw's node
// service and no gateway, so `openclaw status` / `gateway probe` refusing 127.0.0.1:18789 is the
// expected answer there, not a gateway that went down. connection-refused and
// supervisor-left-gateway-stopped both stand down on it (they carried the same JSON block before).
// Two ways to tell it:
// - OpenClaw's status table: a running Node service and a Gateway service not installed / disabled;
// - one speaker's own paragraph: the role (set up as a node, not a gateway / non-gateway node /
//   node-only host), a refusal on loopback, and the node service working — all three in the same
//   paragraph (blank lines, a speaker label or a quoting speaker's line end one), and no refusal
//   told in any other paragraph (a docs FAQ pasted above the reporter's own refusal never excuses it).
// In prose, any line taking the role back ("not a node-only host", "this is my gateway") cancels it.
import type { LineRef, PasteDerivedFacts } from '../types.js';

const STATUS_NODE = /Node service[^\n]{0,80}?\brunning\b|\bnode host\b[^\n]{0,60}?\bconnected to\b/i;
const STATUS_NO_GATEWAY = /Gateway service[^\n]{0,40}?(?:not installed|disabled)|Gateway service: (?:systemd|launchd|schtasks)? ?not installed/i;
const ROLE = /\bas a node,? \(?not (?:as )?a gateway\b|\bnon-gateway (?:node|host|machine)s?\b|\bnode[- ]only (?:host|machine)s?\b/i;
const LOOPBACK_REFUSED = /(?:ECONNREFUSED|connection refused)[^\n]{0,20}?(?:127\.0\.0\.1|localhost|\[?::1\]?)(?::\d{1,5})?\b/i;
const REFUSED = /ECONNREFUSED|connection refused/i;
const NODE_WORKS =
  /\bNode service: [^\n]{0,80}?\brunning\b|\bnode host\b[^\n]{0,60}?\bconnected to\b|\bnode service(?: itself)? (?:is |was |keeps |kept )?(?:working|works|running) (?:fine|normally|ok)\b|\bsees the node as (?:paired(?: and| ·)? )?connected\b/i;
const TAKEN_BACK = /\b(?:not|isn't|is not|no longer) (?:an? )?(?:node[- ]only|non-gateway)\b|\b(?:this|it) (?:is|was) (?:my|the) gateway\b|\bis my gateway\b/i;
/** A chat transcript's speaker label opens a new speaker's paragraph. */
const SPEAKER_LABEL = /^\s{0,3}(?:user|assistant|me|you|q|a|bot|human|ai)\s{0,2}[:>]/i;

/** The paragraphs of the lines that are not a quoting speaker's: runs of adjacent, non-blank lines. */
function paragraphs(lines: readonly LineRef[], quoted: ReadonlySet<number>): LineRef[][] {
  const out: LineRef[][] = [];
  let cur: LineRef[] = [];
  let prev = -1;
  const close = (): void => {
    if (cur.length) out.push(cur);
    cur = [];
  };
  for (const l of lines) {
    if (!l.text.trim() || quoted.has(l.line) || l.line !== prev + 1 || SPEAKER_LABEL.test(l.text)) close();
    prev = l.line;
    if (l.text.trim() && !quoted.has(l.line)) cur.push(l);
  }
  close();
  return out;
}

/** `nodeOnlyHost` with the line that tells the role (the status table's Node service row, or the prose role line). */
export function deriveNodeOnlyHost(lines: readonly LineRef[], quoted: readonly number[] = []): Pick<PasteDerivedFacts, 'nodeOnlyHost'> {
  const node = lines.find((l) => STATUS_NODE.test(l.text));
  if (node && lines.some((l) => STATUS_NO_GATEWAY.test(l.text))) return { nodeOnlyHost: { line: node.line, by: 'status' } };
  if (lines.some((l) => TAKEN_BACK.test(l.text))) return {};
  const paras = paragraphs(lines, new Set(quoted));
  const told = paras.filter((p) => p.some((l) => ROLE.test(l.text)) && p.some((l) => LOOPBACK_REFUSED.test(l.text)) && p.some((l) => NODE_WORKS.test(l.text)));
  // A refusal told in another paragraph is another machine's or another moment's: the node host explains only its own.
  if (!told.length || paras.some((p) => !told.includes(p) && p.some((l) => REFUSED.test(l.text)))) return {};
  return { nodeOnlyHost: { line: told[0]!.find((l) => ROLE.test(l.text))!.line, by: 'prose' } };
}
