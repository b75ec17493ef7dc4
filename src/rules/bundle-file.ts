// The rules bundle's bytes past its index, read by range from the open file (src/rules/load.ts reads the
// head and the index; src/rules/lazy.ts parses a body on first use).
import { isAscii } from 'node:buffer';
import { closeSync, readSync } from 'node:fs';
import type { BodySource } from './lazy.js';

/** bytes [start, end) of an open file; short only at its end (then an error: the bundle is cut). */
export function readRange(fd: number, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  let got = 0;
  while (got < out.length) {
    const n = readSync(fd, out, got, out.length - got, start + got);
    if (n === 0) throw new Error('rules bundle: cut short');
    got += n;
  }
  return out;
}

/** A bundle file that cannot be read as the build wrote it (cut short, a changed byte): the message names it and the fix. */
export class BundleDamagedError extends Error {
  constructor(file: string, reason: string) {
    super(`${file} is damaged (${reason}): reinstall clawkit-doctor, or run npm run build`);
  }
}

/** A bundle's reader, closed when no rule of it is left (a long-lived process that reloads after a rebuild). */
const openBundles = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/** After this many ranges read one by one, the rest of the file is read at once (a run that parses most bodies). */
const RANGE_READS = 24;

/**
 * The rules bundle past its index, read by range when a rule body (or the covers, the tree
 * fingerprint) is first needed (issue #13, start-up): a small paste parses ~10 of ~400 bodies, and
 * reading the whole 2.9 MB file was ~1.7 ms of its start. The file stays open while a rule of it
 * lives: the build writes a new bundle and renames it over the old one (scripts/bundle-rules.mjs),
 * so an open file keeps the bytes its index describes, however long the process runs. A run that
 * needs many bodies (the possible-causes ranker, `rules list`) reads the whole file once instead.
 * Every range is checked to be ASCII (the build's promise; byte offsets are then character offsets).
 */
export class BundleFile implements BodySource {
  private whole: Buffer | undefined;
  private reads = 0;
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly size: number,
    /** The bundle's path (errors name it). */
    private readonly path: string,
    /** Called when a read throws (the loader forgets its cached rules: a later load reads afresh). */
    private readonly onError: () => void = () => {},
  ) {
    openBundles.register(this, fd, this);
  }

  /** Closes the file now (a stale bundle the loader does not use, a failed load); its rules read nothing more of it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    openBundles.unregister(this);
    closeSync(this.fd);
  }

  text(start: number, end: number): string {
    try {
      return this.read(start, end);
    } catch (err) {
      throw this.damaged(err);
    }
  }

  /** Reads the whole file now and closes it (Windows: an open file cannot be renamed over, so the build could not replace it). */
  readAll(): void {
    try {
      this.readWhole();
    } catch (err) {
      throw this.damaged(err);
    }
  }

  private readWhole(): void {
    if (this.whole) return;
    const whole = readRange(this.fd, 0, this.size);
    if (!isAscii(whole)) throw new Error('rules bundle: not ASCII');
    this.whole = whole;
    this.close();
  }

  private damaged(err: unknown): BundleDamagedError {
    this.onError();
    return err instanceof BundleDamagedError ? err : new BundleDamagedError(this.path, err instanceof Error ? err.message.replace(/^rules bundle: /, '') : String(err));
  }

  private read(start: number, end: number): string {
    if (!this.whole && ++this.reads > RANGE_READS) this.readWhole();
    if (this.whole) return this.whole.toString('latin1', start, end);
    const bytes = readRange(this.fd, start, end);
    if (!isAscii(bytes)) throw new Error('rules bundle: not ASCII');
    return bytes.toString('latin1');
  }
}
