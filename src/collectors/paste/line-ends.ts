// A lone carriage return ends a line (audit23 F18): old Mac line ends, and logs of programs that
// redraw one terminal line with `\r` (progress bars, spinners) — each redraw, the last one included,
// which is what the user saw, becomes a line of its own, as Unicode (UAX #14: CR, LF and CRLF are
// each one break), ECMAScript's line terminators, Python's universal newlines and Node's readline
// read it. CRLF stays one break. The paste reader, the second-half scan and --follow apply this
// (loneCrFilter) before they split lines at LF, so small pastes and large logs number their lines alike.

const CR = 0x0d;
const LF = 0x0a;

/**
 * A stateful chunk filter: each CR not followed by LF becomes LF. A chunk whose last byte is CR
 * gets LF there at once, and an LF at the start of the next chunk is then dropped (CRLF split
 * across two chunks is still one break). A chunk that holds a lone CR is copied, unless the caller
 * owns it (`inPlace`: a read buffer nobody else holds), which is then written where it is: on a
 * CR-only log a copy per chunk was garbage the size of the input, counted in the peak RSS.
 */
export function loneCrFilter(): (chunk: Buffer, inPlace?: boolean) => Buffer {
  let crEnded = false;
  return (chunk, inPlace = false) => {
    if (chunk.length === 0) return chunk;
    if (crEnded) {
      crEnded = false;
      if (chunk[0] === LF) chunk = chunk.subarray(1);
    }
    const n = chunk.length;
    let out: Buffer | undefined;
    for (let i = chunk.indexOf(CR); i !== -1; i = chunk.indexOf(CR, i + 1)) {
      if (i + 1 < n && chunk[i + 1] === LF) continue;
      out ??= inPlace ? chunk : Buffer.from(chunk);
      out[i] = LF;
      if (i + 1 === n) crEnded = true;
    }
    return out ?? chunk;
  };
}
