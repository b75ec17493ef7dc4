// The CLI arguments eval.mjs runs a corpus case with: as a user would run it on a pasted report.

const RELEASE = /\d{4}\.\d{1,2}\.\d{1,2}(?:-\d+)?/;

/**
 * The release a case's reporter runs now, from what they wrote ("2026.3.2 -> 2026.3.8", "2026.4.24
 * (2026.4.23 works)", "2026.6.1-zh.1"): after an upgrade arrow the release it points to, else (no
 * release after the arrow, or no arrow) the first release number. One reading for every harness
 * (eval.mjs, corpus-fallback.mjs: calibration and ablation), so their figures compare.
 */
export function caseVersion(c) {
  const stated = String(c.version ?? '');
  const now = stated.split(/->|\u2192/).pop().match(RELEASE)?.[0];
  return now ?? stated.match(RELEASE)?.[0];
}

/** `--json --no-probe --no-env --log -`, plus `--openclaw-version` when the case states a release. */
export function caseArgv(c) {
  const argv = ['--json', '--no-probe', '--no-env', '--log', '-'];
  const version = caseVersion(c);
  if (version) argv.push('--openclaw-version', version);
  return argv;
}
