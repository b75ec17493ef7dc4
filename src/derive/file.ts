// Facts about the config document as a whole: its version stamp, the secrets it holds (for
// masking), `${VAR}` references the environment does not define, file permissions, and gateway
// blocks written in the wrong place.
import { lastTouchedVersionOf } from '../shared/config/stamp.js';
import { escapePointerSegment } from '../shared/json5/reader.js';
import { GATEWAY_KEYS_AT_ROOT } from '../shared/config/gateway-keys.js';
import { isObj, locator, str, type DeriveContext, type Obj } from './context.js';
import { permissionFacts } from '../shared/fs/mode.js';
import { ENV_REF_ONLY_RE, ENV_REF_RE, GATEWAY_PASSWORD_ENV, GATEWAY_TOKEN_ENV } from '../shared/config/env.js';

export interface FileFacts {
  /** `meta.lastTouchedVersion`, normalised: the release that last wrote the file. */
  lastTouchedVersion?: string;
  lastTouchedAt?: string;
  /** Every secret value in the config or the gateway's env vars: renderers mask these. */
  secrets: string[];
  unsetEnvRefFirst?: string;
  unsetEnvRefNames?: string;
  unsetEnvRefPath?: string;
  unsetEnvRefAt?: string;
  /** Octal permission bits, e.g. `0644` (not on Windows). */
  configMode?: string;
  configModeLoose?: boolean;
  stateDirMode?: string;
  stateDirModeLoose?: boolean;
  agentsGateway?: boolean;
  agentsGatewayMovable?: boolean;
  agentsGatewayAt?: string;
  /** The first gateway key written at the top level instead of under `gateway`. */
  rootGatewayKey?: string;
  rootGatewayKeyMovable?: boolean;
  rootGatewayKeyAt?: string;
}

const SECRET_KEY_RE = /(token|password|passwd|secret|api[-_]?key|apikey|private[-_]?key|credential|bearer)/i;
const GATEWAY_SECRET_ENV = [...GATEWAY_TOKEN_ENV, ...GATEWAY_PASSWORD_ENV];

function walkStrings(v: unknown, ptr: string, key: string, fn: (s: string, ptr: string, key: string) => void): void {
  if (typeof v === 'string') fn(v, ptr, key);
  else if (Array.isArray(v)) v.forEach((x, i) => walkStrings(x, `${ptr}/${i}`, key, fn));
  else if (isObj(v)) for (const [k, x] of Object.entries(v)) walkStrings(x, `${ptr}/${escapePointerSegment(k)}`, k, fn);
}

function configEnvVars(value: Obj): Set<string> {
  const out = new Set<string>();
  const env = value.env;
  if (isObj(env)) {
    for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out.add(k);
    if (isObj(env.vars)) for (const [k, v] of Object.entries(env.vars)) if (typeof v === 'string') out.add(k);
  }
  return out;
}

/** Secret values under secret-like keys, plus the gateway's secrets from the environment. */
function secretsOf(value: Obj, ctx: DeriveContext): Set<string> {
  const secrets = new Set<string>();
  walkStrings(value, '', '', (s, _ptr, key) => {
    if (SECRET_KEY_RE.test(key) && s.length >= 4 && !ENV_REF_ONLY_RE.test(s)) secrets.add(s);
  });
  for (const n of GATEWAY_SECRET_ENV) {
    const v = ctx.env[n];
    if (v && v.length >= 4) secrets.add(v);
  }
  return secrets;
}

export function deriveFile(value: Obj, ctx: DeriveContext): FileFacts {
  const d: FileFacts = { secrets: [...secretsOf(value, ctx)] };
  const meta = isObj(value.meta) ? value.meta : undefined;
  const ltv = lastTouchedVersionOf(value);
  if (ltv) d.lastTouchedVersion = ltv;
  const lta = str(meta?.lastTouchedAt);
  if (lta) d.lastTouchedAt = lta;

  const defined = configEnvVars(value);
  const unset: Array<{ pointer: string; name: string }> = [];
  walkStrings(value, '', '', (s, ptr) => {
    for (const m of s.matchAll(ENV_REF_RE)) {
      if (m[1] === '$') continue;
      const name = m[2]!;
      const v = ctx.env[name];
      if ((v === undefined || v === '') && !defined.has(name)) unset.push({ pointer: ptr, name });
    }
  });
  if (unset.length) {
    d.unsetEnvRefFirst = unset[0]!.name;
    d.unsetEnvRefNames = [...new Set(unset.map((u) => u.name))].join(', ');
    d.unsetEnvRefPath = unset[0]!.pointer.slice(1).split('/').join('.');
    const at = locator(ctx, unset[0]!.pointer);
    if (at) d.unsetEnvRefAt = at;
  }

  Object.assign(d, permissionFacts(ctx.mode, ctx.stateDirMode, ctx.platform ?? process.platform));

  const agents = isObj(value.agents) ? value.agents : undefined;
  if (agents && isObj(agents.gateway)) {
    d.agentsGateway = true;
    d.agentsGatewayMovable = value.gateway === undefined;
    const at = locator(ctx, '/agents/gateway', true);
    if (at) d.agentsGatewayAt = at;
  }
  const rootMisplaced = GATEWAY_KEYS_AT_ROOT.filter((k) => value[k] !== undefined);
  if (rootMisplaced.length) {
    const first = rootMisplaced[0]!;
    const gw = isObj(value.gateway) ? value.gateway : undefined;
    d.rootGatewayKey = first;
    d.rootGatewayKeyMovable = gw ? gw[first] === undefined : value.gateway === undefined;
    const at = locator(ctx, `/${first}`, true);
    if (at) d.rootGatewayKeyAt = at;
  }
  return d;
}
