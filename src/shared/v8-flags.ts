// V8 flags set at run time (issue #13, start-up). `node:v8` also loads internal/heap_utils and with
// it all of node:stream (~3 ms of a small paste on Node 20/22), which a diagnosis writing to a pipe
// or a file never needs otherwise. Node 20/22 still reach the same binding as process.binding('v8')
// (runtime-deprecated, DEP0111: its warning is silenced for that one call; the flags are the same);
// Node 24 removed it and the permission model refuses it: then node:v8 (deferred by scripts/build.mjs,
// so it loads only here). bin/clawkit-doctor.js does the same for the flags it sets before the bundle.
import { setFlagsFromString as publicSetFlags } from 'node:v8';

interface FlagSetter {
  setFlagsFromString(flags: string): void;
}

let setter: FlagSetter | undefined;

function binding(): FlagSetter {
  // Under --no-deprecation Node makes noDeprecation read-only (true): nothing to silence, and a write
  // would throw (strict code). Otherwise it is put back as it was: absent, as a library user expects.
  const quiet = process.noDeprecation;
  const own = Object.prototype.hasOwnProperty.call(process, 'noDeprecation');
  try {
    if (!quiet) process.noDeprecation = true;
    const b = (process as unknown as { binding(name: string): Partial<FlagSetter> }).binding('v8');
    if (typeof b.setFlagsFromString === 'function') return b as FlagSetter;
  } catch {
    // removed (Node 24) or refused: the public module
  } finally {
    if (!quiet) {
      if (own) process.noDeprecation = quiet;
      else delete (process as { noDeprecation?: boolean }).noDeprecation;
    }
  }
  return { setFlagsFromString: publicSetFlags };
}

/** v8.setFlagsFromString without loading node:v8 where Node allows it. */
export function setV8Flags(flags: string): void {
  (setter ??= binding()).setFlagsFromString(flags);
}
