// Gateway services installed by `openclaw gateway install` (and their clawdbot/moltbot ancestors):
// systemd user units, launchd plists, the Windows scheduled-task launcher `gateway.cmd`.
import path from 'node:path';
import type { ServiceFact } from '../../types.js';
import { expandHome, type FsRoot } from './fsroot.js';

export type { ServiceFact };

const SERVICE_FILE_RE = /^(openclaw-gateway[\w.@-]*|clawdbot[\w.@-]*|moltbot[\w.@-]*|moldbot[\w.@-]*)\.service$/i;
const PLIST_RE = /^(ai\.openclaw\.gateway[\w.-]*|[\w.-]*(?:clawdbot|moltbot|moldbot)[\w.-]*)\.plist$/i;

function productOf(name: string): ServiceFact['product'] {
  if (/clawdbot/i.test(name)) return 'clawdbot';
  if (/mol[td]bot/i.test(name)) return 'moltbot';
  return 'openclaw';
}

// ------------------------------------------------------------------ systemd

/** Split an `Environment=` value: `"A=1" B=2 "C=with space"`. */
export function splitEnvironmentLine(value: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of value.matchAll(re)) {
    const word = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? '');
    const eq = word.indexOf('=');
    if (eq > 0) out.push([word.slice(0, eq), word.slice(eq + 1)]);
  }
  return out;
}

/** `KEY=value` lines of an EnvironmentFile (comments, `export`, quotes). */
export function parseEnvFile(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const m = line.match(/^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/);
    if (!m) continue;
    let v = m[2]!;
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    out.push([m[1]!, v]);
  }
  return out;
}

export interface UnitParse {
  env: Map<string, string>;
  envFiles: string[];
  execStart?: string;
}

/** The [Service] section keys a doctor cares about. Later assignments win, like systemd. */
export function parseUnit(text: string, into?: UnitParse): UnitParse {
  const out: UnitParse = into ?? { env: new Map(), envFiles: [] };
  let section = '';
  // Join backslash continuations.
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = line.match(/^\[(.+)\]$/);
    if (sec) {
      section = sec[1]!;
      continue;
    }
    if (section !== 'Service') continue;
    const kv = line.match(/^([A-Za-z]+)\s*=\s*(.*)$/);
    if (!kv) continue;
    const [, key, value] = kv as unknown as [string, string, string];
    if (key === 'Environment') {
      if (value === '') out.env.clear();
      for (const [k, v] of splitEnvironmentLine(value)) out.env.set(k, v);
    } else if (key === 'EnvironmentFile') {
      if (value) out.envFiles.push(value);
    } else if (key === 'ExecStart') {
      if (value) out.execStart = value.replace(/^[-@:+!]+/, '');
    }
  }
  return out;
}

function portFromArgs(cmd: string | undefined): number | undefined {
  const m = cmd?.match(/--port[= ](\d{1,5})\b/);
  return m ? Number(m[1]) : undefined;
}

function maskArgs(cmd: string): string {
  return cmd.replace(/(--(?:token|password)[= ])\S+/gi, '$1***');
}

function fillFromEnv(svc: ServiceFact, env: Map<string, string>, execStart: string | undefined): void {
  const get = (k: string) => env.get(`OPENCLAW_${k}`) ?? env.get(`CLAWDBOT_${k}`) ?? env.get(`MOLTBOT_${k}`);
  const token = get('GATEWAY_TOKEN');
  if (token) svc.token = token;
  const password = get('GATEWAY_PASSWORD');
  if (password) svc.password = password;
  const version = get('SERVICE_VERSION');
  if (version) svc.serviceVersion = version;
  const port = Number(get('GATEWAY_PORT')) || portFromArgs(execStart);
  if (port) svc.port = port;
  const profile = get('PROFILE');
  if (profile) svc.profile = profile;
  const stateDir = get('STATE_DIR');
  if (stateDir) svc.stateDir = stateDir;
  const configPath = get('CONFIG_PATH');
  if (configPath) svc.configPath = configPath;
  if (execStart) svc.execStart = maskArgs(execStart).slice(0, 400);
}

export async function readSystemdUnits(
  fs: FsRoot,
  dirs: Array<{ dir: string; scope: 'user' | 'system' }>,
  homedir: string,
): Promise<{ services: ServiceFact[]; unreadable: string[] }> {
  const services: ServiceFact[] = [];
  const unreadable: string[] = [];
  const seen = new Set<string>();
  for (const { dir, scope } of dirs) {
    const names = await fs.readdir(dir);
    if (!names) continue;
    for (const name of names.sort()) {
      if (!SERVICE_FILE_RE.test(name) || seen.has(name)) continue;
      seen.add(name);
      const file = path.posix.join(dir, name);
      const read = await fs.readTextOrError(file, 64 * 1024);
      if (read.text === undefined) {
        if (read.error) unreadable.push(file);
        continue;
      }
      const parsed = parseUnit(read.text);
      const svc: ServiceFact = { kind: 'systemd', name, path: file, product: productOf(name), scope };
      const sources: string[] = [];
      const problems: string[] = [];
      // Drop-ins override the main unit, in lexical order.
      const dropDir = `${file}.d`;
      for (const conf of ((await fs.readdir(dropDir)) ?? []).filter((n) => n.endsWith('.conf')).sort()) {
        const text = await fs.readText(path.posix.join(dropDir, conf), 64 * 1024);
        if (text === undefined) problems.push(`unreadable drop-in ${conf}`);
        else {
          parseUnit(text, parsed);
          sources.push(path.posix.join(dropDir, conf));
        }
      }
      // EnvironmentFile values are applied before Environment= in systemd; unit values win.
      const fileEnv = new Map<string, string>();
      for (const spec of parsed.envFiles) {
        const optional = spec.startsWith('-');
        const p = expandHome(spec.replace(/^-/, ''), homedir);
        const text = await fs.readText(p, 64 * 1024);
        if (text === undefined) {
          if (!optional) problems.push(`EnvironmentFile ${p} not readable`);
          continue;
        }
        sources.push(p);
        for (const [k, v] of parseEnvFile(text)) fileEnv.set(k, v);
      }
      const env = new Map([...fileEnv, ...parsed.env]);
      fillFromEnv(svc, env, parsed.execStart);
      if (sources.length) svc.sources = sources;
      if (problems.length) svc.problems = problems;
      services.push(svc);
    }
  }
  return { services, unreadable };
}

// ------------------------------------------------------------------ launchd

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/** Minimal XML-plist reading: the EnvironmentVariables dict and ProgramArguments array. */
export function parsePlist(text: string): { env: Map<string, string>; args: string[]; label?: string } | undefined {
  if (text.startsWith('bplist')) return undefined;
  const env = new Map<string, string>();
  const envDict = text.match(/<key>\s*EnvironmentVariables\s*<\/key>\s*<dict>([\s\S]*?)<\/dict>/);
  if (envDict) {
    for (const m of envDict[1]!.matchAll(/<key>([^<]*)<\/key>\s*<string>([^<]*)<\/string>/g)) {
      env.set(unescapeXml(m[1]!.trim()), unescapeXml(m[2]!));
    }
  }
  const args: string[] = [];
  const argArr = text.match(/<key>\s*ProgramArguments\s*<\/key>\s*<array>([\s\S]*?)<\/array>/);
  if (argArr) for (const m of argArr[1]!.matchAll(/<string>([^<]*)<\/string>/g)) args.push(unescapeXml(m[1]!));
  const label = text.match(/<key>\s*Label\s*<\/key>\s*<string>([^<]*)<\/string>/)?.[1];
  return label ? { env, args, label: unescapeXml(label) } : { env, args };
}

export async function readLaunchdPlists(fs: FsRoot, dirs: string[]): Promise<{ services: ServiceFact[]; unreadable: string[] }> {
  const services: ServiceFact[] = [];
  const unreadable: string[] = [];
  for (const dir of dirs) {
    const names = await fs.readdir(dir);
    if (!names) continue;
    for (const name of names.sort()) {
      if (!PLIST_RE.test(name)) continue;
      const file = path.posix.join(dir, name);
      const read = await fs.readTextOrError(file, 128 * 1024);
      if (read.text === undefined) {
        if (read.error) unreadable.push(file);
        continue;
      }
      const svc: ServiceFact = { kind: 'launchd', name: name.replace(/\.plist$/, ''), path: file, product: productOf(name) };
      const parsed = parsePlist(read.text);
      if (!parsed) {
        svc.problems = ['binary plist: convert with `plutil -convert xml1` to inspect'];
      } else {
        if (parsed.label) svc.name = parsed.label;
        fillFromEnv(svc, parsed.env, parsed.args.length ? parsed.args.join(' ') : undefined);
      }
      services.push(svc);
    }
  }
  return { services, unreadable };
}

// ------------------------------------------------------------------ Windows scheduled task launcher

/** `<stateDir>/gateway.cmd`: `set OPENCLAW_GATEWAY_TOKEN=...` lines plus the node command. */
export async function readGatewayCmd(fs: FsRoot, stateDir: string): Promise<ServiceFact | undefined> {
  const file = path.posix.join(stateDir, 'gateway.cmd');
  const text = await fs.readText(file, 64 * 1024);
  if (text === undefined) return undefined;
  const env = new Map<string, string>();
  let exec: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const m = line.match(/^set\s+"?([A-Za-z_][A-Za-z0-9_]*)=([^"]*)"?$/i);
    if (m) env.set(m[1]!, m[2]!);
    else if (line && !/^(@?echo|rem\b|::|setlocal|endlocal|cd\b|chcp\b)/i.test(line)) exec = line;
  }
  const svc: ServiceFact = { kind: 'schtasks', name: 'OpenClaw Gateway', path: file, product: 'openclaw' };
  fillFromEnv(svc, env, exec);
  return svc;
}
