// Which OpenClaw version are we talking about? The user's word first, then what the evidence says.
import type { Facts, VersionFact } from './types.js';
import { compareVersions, normalizeVersion } from './shared/version/calver.js';

/** A typed command (prompt optional) installing the release globally: `$ npm i -g openclaw@X`, `pnpm add -g …`, `bun add -g …`, `yarn global add …`; not a question. */
const INSTALL = /^\s{0,4}(?:[$#>%]\s{0,2})?(?:sudo\s{1,2})?(?:(?:npm (?:i|install|add)|pnpm (?:add|i|install)|bun (?:add|i|install))\b[^\n?]{0,40}?\s(?:-g|--global)\b|yarn global add\b)[^?]*$/i;

export function versionFromPaste(facts: Facts): VersionFact | undefined {
  // A release named only as where a fix landed says nothing about the one running ("still broken
  // although it was fixed in X" and "waiting for X" both read so): such a paste states no version.
  const vs = (facts.paste?.versions ?? []).filter((v) => !v.ref);
  if (!vs.length) return undefined;
  // A banner (`OpenClaw 2026.3.13 (61d171a)`) is the version that printed the log.
  // Not the left side of an upgrade arrow ("Updating OpenClaw 2026.4.19 -> 2026.4.22" runs 2026.4.22).
  const banner = vs.find((v) => !v.from && /^openclaw\s/i.test(v.raw));
  // …unless a later line installs another release over it (review29c a3/v_p3: the 2026.4.19 banner, then `npm i -g
  // openclaw@2026.4.22`, then the gateway restarted runs 2026.4.22): the last such install after the banner.
  const kept = facts.paste?.kept ?? [];
  const installed = banner && vs.filter((v) => v.line > banner.line && !v.from && /^openclaw@/i.test(v.raw) && INSTALL.test(kept.find((l) => l.line === v.line)?.text ?? '')).pop();
  if (installed) return { value: installed.version, source: 'paste', raw: installed.raw };
  if (banner) return { value: banner.version, source: 'paste', raw: banner.raw };
  // Otherwise the newest mentioned that is not a release being left: "upgraded from A to B" reports B, and so does a
  // downgrade ("Updating OpenClaw 2026.4.25 -> 2026.4.19", "went from 2026.4.25 to 2026.4.19" run 2026.4.19; review29c
  // item 3). Only when every version is a `from` one (a truncated arrow) does the newest of them stand.
  const landed = vs.filter((v) => !v.from);
  const newest = [...(landed.length ? landed : vs)].sort((a, b) => compareVersions(b.version, a.version))[0]!;
  return { value: newest.version, source: 'paste', raw: newest.raw };
}

export interface VersionInputs {
  flag?: string;
  configVersion?: string;
  probeVersion?: string;
  envVersion?: string;
}

/** Precedence: --openclaw-version > paste > probe (when it reports one) > config meta > installed CLI. */
export function pickVersion(facts: Facts, inputs: VersionInputs): VersionFact | undefined {
  if (inputs.flag) {
    const v = normalizeVersion(inputs.flag);
    if (v) return { value: v, source: 'flag', raw: inputs.flag };
  }
  const fromPaste = versionFromPaste(facts);
  if (fromPaste) return fromPaste;
  for (const [raw, source] of [
    [inputs.probeVersion, 'probe'],
    [inputs.configVersion, 'config'],
    [inputs.envVersion, 'env'],
  ] as const) {
    const v = raw ? normalizeVersion(raw) : undefined;
    if (v && raw) return { value: v, source, raw };
  }
  return undefined;
}
