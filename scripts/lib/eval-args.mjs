// The CLI arguments eval.mjs runs a corpus case with: as a user would run it on a pasted report.

/** `--json --no-probe --no-env --log -`, plus `--openclaw-version` when the case states a release. */
export function caseArgv(c) {
  const argv = ['--json', '--no-probe', '--no-env', '--log', '-'];
  // A case's `version` is what the reporter wrote ("2026.3.2 -> 2026.3.8", "2026.4.24 (2026.4.23
  // works)", "2026.6.1-zh.1"); pass the release they run now, as a user would type it: after an
  // upgrade arrow the release it points to, else the first release number.
  const now = String(c.version ?? '').split(/->|\u2192/).pop();
  const version = now.match(/\d{4}\.\d{1,2}\.\d{1,2}(?:-\d+)?/)?.[0];
  if (version) argv.push('--openclaw-version', version);
  return argv;
}
