// The derive stage: pure functions from collected raw facts to the facts rules read under
// `config.derived.*`, one module per topic, each with its own interface. `deriveConfig` works on
// the config value alone (the collector calls it when it parses a file, because its inputs — the
// process env, the file's mode, value positions — are collection-time); `deriveFacts` adds what
// needs every source (version, paste, env, flags) and runs once after all collectors, and again
// over a patched config in the fixer.
import type { Facts } from '../types.js';
import { isObj, type DeriveContext, type Obj } from './context.js';
import { deriveAuth, type AuthFacts } from './auth.js';
import type { CollectedConfigFacts } from './collected.js';
import { deriveControlUi, type ControlUiFacts } from './control-ui.js';
import { deriveCrossSource, type CrossSourceFacts } from './cross.js';
import { deriveFile, type FileFacts } from './file.js';
import { deriveKeys, type KeyFacts } from './keys.js';
import { defaultNetwork, deriveNetwork, type NetworkFacts } from './network.js';
import { deriveProxies, type ProxyFacts } from './proxies.js';
import { deriveServices, type ServiceFacts } from './services.js';

export type { DeriveContext, Env } from './context.js';
export type ConfigOnlyFacts = FileFacts & NetworkFacts & Partial<AuthFacts> & ProxyFacts & ControlUiFacts & ServiceFacts & KeyFacts;

/** Everything under `config.derived`. Absent when the file is missing or does not parse, hence Partial. */
export type DerivedConfigFacts = Partial<ConfigOnlyFacts> & CrossSourceFacts & CollectedConfigFacts & { secrets: string[] };

/** Keys the cross-source stage owns (checked both ways by the compiler), cleared before each run. */
const CROSS_KEYS: Record<keyof CrossSourceFacts, true> = {
  schemaIssueList: true, schemaBasisNote: true, schemaCertain: true, proxyIp: true, proxyIpSource: true, proxyCovered: true,
  proxyNotCovered: true, trustedProxiesCidrReplacement: true, trustedProxiesCidrReplacementSource: true, trustedProxiesCidrDockerNetwork: true, keyTooNewFirst: true,
  keyTooNewSince: true, keyTooNewList: true, configNewerThanVersion: true, remoteUrlIsThisHost: true, browserOrigin: true,
  allowedOriginsSuggested: true,
};

/** Every config-only derived fact of a parsed config value. */
export function deriveConfig(value: Obj, ctx: DeriveContext): DerivedConfigFacts {
  const file = deriveFile(value, ctx);
  const gw = isObj(value.gateway) ? value.gateway : undefined;
  if (!gw) return { ...file, ...defaultNetwork(ctx.env) };
  const net = deriveNetwork(gw, ctx);
  const auth = deriveAuth(value, gw, ctx, net);
  const secrets = auth.secret && !file.secrets.includes(auth.secret) ? [...file.secrets, auth.secret] : file.secrets;
  return {
    ...file,
    ...net,
    ...auth.facts,
    ...deriveProxies(gw, ctx),
    ...deriveControlUi(gw, ctx, net, auth),
    ...deriveServices(gw, net, auth.facts),
    ...deriveKeys(gw, ctx),
    secrets,
  };
}

/**
 * The stage after every collector: adds the facts that need several sources to `config.derived`.
 * Idempotent (a second call replaces them), so the fixer and `--follow` call it again after a change.
 */
export function deriveFacts(facts: Facts): Facts {
  const cfg = facts.config;
  if (!cfg?.derived || !cfg.value) return facts;
  const d = cfg.derived;
  for (const k of Object.keys(CROSS_KEYS) as Array<keyof CrossSourceFacts>) delete d[k];
  Object.assign(d, deriveCrossSource({ ...cfg, value: cfg.value }, d, facts));
  return facts;
}
