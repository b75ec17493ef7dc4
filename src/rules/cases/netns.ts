// Rule cases whose inputs are a network or a user (a LAN gateway, a dropped SYN, a name that does
// not resolve, a config file its reader may not open) run in a child process inside namespaces of
// their own, so the real probe and collectors meet them without anything leaving the machine:
//
//   parent (the case runner)              child (`rules case-facts`, the built CLI)
//   unshare -rnm node bin/… rules case-facts   → lo up, the case's addresses / routes / hosts,
//     stdin: { case, dir, parentNetns }          refuses unless its network namespace is new,
//     stdout: the collected facts (JSON)  ←      collectCaseFacts(case, dir, { inNamespace: true })
//
// `unprivileged` runs the child as uid 1000 in a user namespace of its own (`unshare -U
// --map-user=1000 -n`): after exec it holds no capability, so a file mode denies it as it denies a
// user, even when the tests run as root. Where unshare is missing or not permitted the case fails
// (the runner reports it); it never skips.
//
// A recorded TLS answer the client trusted (`tls` event `authorized: true`) is replayed with a
// certificate from a certificate authority made for this run, which the child trusts from its start
// (NODE_EXTRA_CA_CERTS is read only then): a name mismatch is reported only for a trusted chain.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IO } from '../../commands/diagnose.js';
import { pkgPath } from '../../shared/paths.js';
import type { Facts } from '../../types.js';
import { collectCaseFacts } from './collect.js';
import type { CaseNetns, RawCase } from './inputs.js';
import { caseCa, type CaseCa } from './replay-gateway.js';

/** Whether a case is collected in a child inside namespaces of its own. */
export const needsNamespace = (c: RawCase): boolean => !!c.netns || !!c.unprivileged;

interface ChildInput {
  case: RawCase;
  dir: string;
  /** The parent's network namespace: the child refuses to probe beyond loopback from the same one. */
  parentNetns: string;
  /** The authority the child trusts (NODE_EXTRA_CA_CERTS) and its replay issues from. */
  ca?: CaseCa;
}

/** The case's recorded gateway says its TLS chain was trusted. */
const wantsTrust = (c: RawCase): boolean => !!c.gateway && 'transcript' in c.gateway && c.gateway.transcript.some((e) => e.kind === 'tls' && e.authorized === true);

const ownNetns = (): string => readlinkSync('/proc/self/ns/net');

function unshareArgs(c: RawCase): string[] {
  if (c.unprivileged) {
    // No capability survives the exec of a non-root uid, so `ip` could not set lo up: the case's
    // network would be unusable. One or the other.
    if (c.netns || c.gateway) throw new Error('"unprivileged" runs without any network: it cannot be combined with "netns" or "gateway"');
    return ['-U', '--map-user=1000', '-n'];
  }
  return ['-r', '-n', '-m'];
}

/** The case's facts, collected by the built CLI in a child inside the case's own namespaces. */
export async function collectInNamespace(c: RawCase, dir: string): Promise<Facts> {
  if (process.platform !== 'linux') throw new Error(`a "netns" / "unprivileged" case needs Linux namespaces (unshare); this is ${process.platform}`);
  const input: ChildInput = { case: c, dir: path.resolve(dir), parentNetns: ownNetns() };
  const args = [...unshareArgs(c), '--', process.execPath, pkgPath('bin', 'clawkit-doctor.js'), 'rules', 'case-facts'];
  const env: NodeJS.ProcessEnv = { ...process.env, CLAWKIT_DOCTOR_NO_CACHE: '1' };
  if (c.netns && wantsTrust(c)) {
    const ca = await caseCa();
    input.ca = { key: ca.key, cert: ca.cert };
    env.NODE_EXTRA_CA_CERTS = ca.file;
  }
  const child = spawn('unshare', args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  child.stdin.on('error', () => undefined); // the child may exit before reading (unshare refused)
  child.stdin.end(JSON.stringify(input));
  const code = await new Promise<number | string>((resolve) => {
    child.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    child.once('close', (n, signal) => resolve(n ?? signal ?? 'killed'));
  });
  const stderr = Buffer.concat(err).toString('utf8').trim();
  if (code === 'ENOENT') throw new Error('this case runs in a network namespace and needs `unshare` (util-linux) on PATH');
  if (code !== 0) throw new Error(`unshare ${args.slice(0, args.indexOf('--')).join(' ')} … rules case-facts exited ${code}${stderr ? `: ${stderr.split('\n').slice(-3).join(' | ')}` : ''}`);
  return JSON.parse(Buffer.concat(out).toString('utf8')) as Facts;
}

function sh(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Inside the child: lo up, the case's addresses and dead routes, its own /etc/hosts. Returns a clean-up. */
function enterNetwork(n: CaseNetns): () => void {
  sh('ip', ['link', 'set', 'lo', 'up']);
  for (const a of n.addresses ?? []) sh('ip', ['addr', 'add', a, 'dev', 'lo']);
  // Routed into lo but owned by no address: the kernel takes the SYN in and drops it (not forwarding).
  for (const r of n.routes ?? []) sh('ip', ['route', 'add', r, 'dev', 'lo']);
  // The machine's /etc/hosts is not the case's; the mount namespace (unshare -m) keeps this private.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'clawkit-netns-'));
  const hosts = path.join(tmp, 'hosts');
  writeFileSync(hosts, ['127.0.0.1 localhost', '::1 localhost', ...Object.entries(n.hosts ?? {}).map(([name, addr]) => `${addr} ${name}`), ''].join('\n'));
  sh('mount', ['--bind', hosts, '/etc/hosts']);
  return () => rmSync(tmp, { recursive: true, force: true });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const b of stream) parts.push(typeof b === 'string' ? Buffer.from(b) : (b as Buffer));
  return Buffer.concat(parts).toString('utf8');
}

/** `rules case-facts` (hidden): the child's side. Exit 0 with the facts on stdout, else 2 with the reason. */
export async function caseFactsChild(io: Pick<IO, 'stdin' | 'stdout' | 'stderr'>): Promise<number> {
  const input = JSON.parse(await readAll(io.stdin)) as ChildInput;
  if (!input.parentNetns || ownNetns() === input.parentNetns) {
    io.stderr.write('rules case-facts: not in a network namespace of its own (run by the case runner under unshare); refusing to probe beyond loopback\n');
    return 2;
  }
  const cleanUp = input.case.netns ? enterNetwork(input.case.netns) : undefined;
  try {
    const facts = await collectCaseFacts(input.case, input.dir, { inNamespace: true, ...(input.ca ? { trustedCa: input.ca } : {}) });
    io.stdout.write(JSON.stringify(facts) + '\n');
    return 0;
  } finally {
    cleanUp?.();
  }
}
