// The derive stage: pure functions from collected raw facts to the facts rules read under
// `config.derived.*`, one module per topic, each with its own interface. `deriveFacts` runs once
// after every collector (and again over a patched config in the fixer, and per batch in --follow):
// `deriveConfig` reads the config and what the collector recorded beside it (file mode, platform,
// positions, the process environment it depends on); the cross-source topic adds what needs the
// version, the paste, the environment and the flags.
import type { ConfigFacts, Facts } from '../types.js';
import { contextOf, isObj, type DeriveContext, type Obj } from './context.js';
import { deriveAuth, type AuthFacts } from './auth.js';
import type { CollectedConfigFacts } from './collected.js';
import { deriveControlUi, type ControlUiFacts } from './control-ui.js';
import { deriveCrossSource, type CrossSourceFacts } from './cross.js';
import { derivePaste, deriveServeClaim } from './paste.js';
import { deriveOwner } from './owner.js';
import { deriveTextKind } from './text-kind.js';
import { withGuideSections } from './guide-section.js';
import { deriveAddress } from './address.js';
import { deriveNodeOnlyHost } from './node-host.js';
import { deriveStory, reportLines } from './story.js';
import { deriveSpeaker, speakerSigns } from './speaker.js';
import { deriveFile, type FileFacts } from './file.js';
import { deriveKeys, type KeyFacts } from './keys.js';
import { defaultNetwork, deriveNetwork, type NetworkFacts } from './network.js';
import { deriveProxies, type ProxyFacts } from './proxies.js';
import { deriveManagedProxy, deriveServices, type ManagedProxyFacts, type ServiceFacts } from './services.js';
import { deriveEnv } from './env.js';
import { linkPasteToEnv, linkProbeToEnv } from './env-links.js';

export type { DeriveContext, Env } from './context.js';
export type ConfigOnlyFacts = FileFacts & NetworkFacts & Partial<AuthFacts> & ProxyFacts & ControlUiFacts & ServiceFacts & ManagedProxyFacts & KeyFacts;

/** Everything under `config.derived`. Absent when the file is missing or does not parse, hence Partial. */
export type DerivedConfigFacts = Partial<ConfigOnlyFacts> & CrossSourceFacts & CollectedConfigFacts & { secrets: string[] };

/** Every config-only derived fact of a parsed config value. */
export function deriveConfig(value: Obj, ctx: DeriveContext): DerivedConfigFacts {
  const file = deriveFile(value, ctx);
  const gw = isObj(value.gateway) ? value.gateway : undefined;
  if (!gw) return { ...file, ...defaultNetwork(ctx.env), ...deriveManagedProxy(value, ctx) };
  const net = deriveNetwork(gw, ctx);
  const auth = deriveAuth(value, gw, ctx);
  const secrets = auth.secret && !file.secrets.includes(auth.secret) ? [...file.secrets, auth.secret] : file.secrets;
  return {
    ...file,
    ...net,
    ...auth.facts,
    ...deriveProxies(gw, ctx),
    ...deriveControlUi(gw, ctx, net),
    ...deriveServices(gw),
    ...deriveManagedProxy(value, ctx),
    ...deriveKeys(gw, ctx),
    secrets,
  };
}

/** Keys the collector records under `derived` (from reading the file): kept across runs. */
const COLLECTED_KEYS: Record<keyof CollectedConfigFacts, true> = {
  missing: true, candidates: true, brokenSymlink: true, unreadable: true, parseErrorAt: true, parseErrorHint: true, notConfigFile: true, stoppedReading: true,
  configIsSymlink: true, positionsUnavailable: true, includeFiles: true, includeError: true, includedKeys: true, tlsFilesMissing: true,
};

function collectedOf(d: DerivedConfigFacts): CollectedConfigFacts {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(COLLECTED_KEYS)) if (k in d) out[k] = d[k as keyof CollectedConfigFacts];
  return out as CollectedConfigFacts;
}

/** The derived facts of a parsed config, from it and the raw facts recorded beside it. */
export function deriveConfigFacts(cfg: ConfigFacts & { value: Obj }): DerivedConfigFacts {
  return { ...deriveConfig(cfg.value, contextOf(cfg)), ...collectedOf(cfg.derived ?? { secrets: [] }) };
}

/**
 * The stage after every collector: replaces `config.derived` (what the collector recorded stays)
 * with the config-only facts and those that need several sources, and `env.derived` with this
 * machine's comparisons and its links to the paste and the probe. Idempotent, so the fixer and
 * `--follow` call it again after a change.
 */
export function deriveFacts(facts: Facts): Facts {
  const cfg = facts.config;
  if (cfg?.derived && cfg.value) {
    const d = deriveConfigFacts({ ...cfg, value: cfg.value });
    cfg.derived = Object.assign(d, deriveCrossSource({ ...cfg, value: cfg.value }, d, facts));
  }
  if (facts.paste) {
    // A year-stamped guide title holds only its own section (guide-section.ts); the other lines stay the reporter's.
    const kind = withGuideSections(deriveTextKind(facts.paste.kept), facts.paste.kept);
    // Whose gateway: the report's lines, not the rows of a table or catalogue held as the guide's (an appended
    // `| Error | Fix |` row naming `openclaw devices approve` does not make another product's report OpenClaw's).
    const held = kind.heldRows?.length ? new Set(kind.heldRows) : undefined;
    const ownerLines = held ? facts.paste.kept.filter((l) => !held.has(l.line)) : facts.paste.kept;
    const own = reportLines(facts.paste.kept, kind);
    const told = deriveStory(facts.paste.kept, kind);
    const speaker = deriveSpeaker(own);
    // A pull request's, a proposal's or a tracking issue's "it starts now" is the change's claim, not the reporter's outcome
    // (the one place this is decided; `fixedAfter` reads only `resolved`). One proposing line ("This PR …", "## Test plan")
    // is enough even when quoted log lines keep the speaker `reporting` (review26c item 7).
    if (told.story?.resolved && (speaker.speaker === 'proposing' || speaker.speaker === 'tracking' || speakerSigns(own).proposing.length > 0)) {
      delete told.story.resolved;
      if (Object.keys(told.story).length === 0) delete told.story;
    }
    facts.paste.derived = { ...deriveOwner(ownerLines), ...kind, ...derivePaste(facts.paste), ...deriveServeClaim(facts.paste.kept), ...told, ...speaker, ...deriveAddress(facts.paste.kept), ...deriveNodeOnlyHost(own, told.story?.quoted) };
  }
  deriveEnvFacts(facts);
  return facts;
}

/** `env.derived` alone (again once the listeners' processes are looked up late: src/commands/pipeline.ts). */
export function deriveEnvFacts(facts: Facts): void {
  const env = facts.env;
  if (env) {
    env.derived = deriveEnv(env, facts.config?.value);
    Object.assign(env.derived, linkPasteToEnv(env, facts.paste), linkProbeToEnv(env, facts.probe));
  }
}
