// Never widen trust silently: a patch that lets more clients in (trusted proxies, browser origins,
// no auth, `dangerously*` switches, a network-wide bind) is never applied by --fix. Two places use
// this one policy: `rules validate` rejects a safe/prompt rule whose patch widens trust as written,
// and the fixer checks the resolved operations, so a template value cannot slip one through.
import type { PatchOp } from '../types.js';
import { cidrWithin } from '../shared/net/cidr.js';

const LOOPBACK_BINDS = new Set(['loopback', 'localhost', '127.0.0.1', '::1']);

function writes(op: PatchOp): boolean {
  return op.op === 'add' || op.op === 'replace' || op.op === 'move' || op.op === 'copy';
}

/** A replace of one list entry by addresses the tested old entry already covered (a CIDR cut to its host). */
function narrowsEntry(op: PatchOp, ops: PatchOp[]): boolean {
  if (op.op !== 'replace') return false;
  const old = ops.find((o) => o.op === 'test' && o.path === op.path)?.value;
  const next = Array.isArray(op.value) ? op.value : [op.value];
  const prev = Array.isArray(old) ? old : [old];
  return next.length > 0 && next.every((n) => typeof n === 'string' && prev.some((o) => typeof o === 'string' && (n === o || cidrWithin(n, o))));
}

/** The written path itself and, inside an object value, every nested key (a whole `/gateway` replaced). */
function writtenLeaves(path: string, v: unknown): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [[path, v]];
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) out.push(...writtenLeaves(`${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, x));
  }
  return out;
}

const path = (p: string) => p.slice(1).split('/').join('.');

/** What writing `v` at `p` opens, or undefined. */
function opens(p: string, v: unknown, op: PatchOp, ops: PatchOp[]): string | undefined {
  if (p.startsWith('/gateway/trustedProxies') && !(p === op.path && narrowsEntry(op, ops))) {
    return `it adds ${v === undefined ? 'an address' : JSON.stringify(v)} to gateway.trustedProxies: whatever connects from there is believed about the client's address and (in trusted-proxy mode) identity`;
  }
  if (p.startsWith('/gateway/controlUi/allowedOrigins')) {
    return `it allows the browser origin(s) ${v === undefined ? 'it computes' : JSON.stringify(v)}: pages served from there may drive the gateway`;
  }
  if (p === '/gateway/auth/mode' && (v === 'none' || v === 'trusted-proxy')) {
    return `it sets gateway.auth.mode to "${String(v)}": clients no longer prove who they are with a token or password`;
  }
  if (/\/dangerously[^/]*$/i.test(p) && v !== false) return `it switches on ${path(p)}, a safety bypass`;
  if (['/gateway/auth/allowTailscale', '/gateway/auth/trustedProxy/allowLoopback', '/gateway/controlUi/allowInsecureAuth'].includes(p) && v === true) {
    return `it sets ${path(p)} to true: more clients are let in without the shared secret or a device identity`;
  }
  if (p === '/gateway/bind' && typeof v === 'string' && !LOOPBACK_BINDS.has(v)) {
    // Renaming an alias to its mode ("0.0.0.0" → "lan") opens nothing new: such patches test the old value.
    const tested = ops.find((o) => o.op === 'test' && o.path === '/gateway/bind');
    if (!tested || LOOPBACK_BINDS.has(String(tested.value))) return `it binds the gateway to "${v}": it becomes reachable from the network`;
  }
  return undefined;
}

/** What the patch would open, in words for the user; undefined when it widens nothing. */
export function widensTrust(ops: PatchOp[]): string | undefined {
  for (const op of ops) {
    if (!writes(op)) continue;
    for (const [p, v] of writtenLeaves(op.path, op.value)) {
      const o = opens(p, v, op, ops);
      if (o) return o;
    }
  }
  return undefined;
}

/**
 * For `rules validate`: what a rule's patch opens whatever its templates resolve to. Only literal
 * operations and new list entries are judged; a templated replace may narrow (a CIDR cut to its
 * host), and the fixer judges it once resolved.
 */
export function widensTrustAsWritten(ops: PatchOp[]): string | undefined {
  const literal = (o: PatchOp) => o.valueFrom === undefined && !JSON.stringify(o.value ?? null).includes('{{') && !`${o.path}${o.from ?? ''}`.includes('{{');
  const newEntry = (o: PatchOp) => o.op === 'add' && /^\/gateway\/(trustedProxies|controlUi\/allowedOrigins)(\/-)?$/.test(o.path);
  return widensTrust(ops.filter((o) => literal(o) || newEntry(o)));
}
