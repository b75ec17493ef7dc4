// Which OpenClaw version are we talking about? The user's word first, then what the evidence says.
import type { Facts, VersionFact } from './types.js';
import { compareVersions, normalizeVersion } from './shared/version/calver.js';
import { CODE_FENCE } from './shared/text/fence.js';

/**
 * A typed command installing the release globally: `$ npm i -g openclaw@X`, `pnpm add -g …`, `bun add -g …`, `yarn global
 * add …`; a shell prompt (`$ # %`, not `>`: a blockquote) or none, and then not indented as a code block (4+ spaces); not
 * a question, not `--dry-run`.
 */
const INSTALL = /^(?:\s{0,8}[$#%]\s{0,2}|\s{0,3})(?:sudo\s{1,2})?(?:(?:npm (?:i|install|add)|pnpm (?:add|i|install)|bun (?:add|i|install))\b[^\n?]{0,40}?\s(?:-g|--global)\b|yarn global add\b)(?![^?]*--dry-run\b)[^?]*$/i;
/** A shell prompt opening a line: the next command, where an install's own output ends. */
const PROMPT = /^\s{0,8}[$#%]\s/;
/** The package manager saying the install failed, at a line's start (`npm ERR! code EACCES`, `npm error code E404`,
 * `ERR_PNPM_…`, yarn's and bun's `error …`); not a later log's own EACCES. */
const INSTALL_FAILED = /^\s{0,4}(?:npm (?:ERR!|error)(?=\s|$)|ERR_PNPM_\w+|error (?:An unexpected error occurred|Couldn't find package)|error: (?:GET|package) )/i;

/**
 * Whether the install on line `n` ran and holds: typed (INSTALL), outside a code fence (a guide's command), and no failure
 * in its own output before the next prompt line (review30b item 2).
 */
function installHolds(kept: readonly { line: number; text: string }[], n: number): boolean {
  const at = kept.findIndex((l) => l.line === n);
  if (at < 0 || !INSTALL.test(kept[at]!.text)) return false;
  if (kept.slice(0, at).filter((l) => CODE_FENCE.test(l.text)).length % 2 === 1) return false;
  for (const l of kept.slice(at + 1, at + 41)) {
    if (PROMPT.test(l.text)) break;
    if (INSTALL_FAILED.test(l.text)) return false;
  }
  return true;
}

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
  const installed = banner && vs.filter((v) => v.line > banner.line && !v.from && /^openclaw@/i.test(v.raw) && installHolds(kept, v.line)).pop();
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
