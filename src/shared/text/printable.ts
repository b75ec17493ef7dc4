// Strings a gateway (or any input) supplies reach the terminal, GitHub annotations and Markdown. Their
// C0/C1 control characters are removed (tab and newline kept): an OSC sets the window title or writes
// the clipboard (OSC 52), a CSI moves the cursor or erases lines of the report above it (audit23 F8).

/** C0 except tab and newline, DEL, and C1 (U+0080–U+009F, which some terminals read as ESC + char). */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** A whole ESC sequence first (CSI/OSC/two-char), so its parameters do not stay behind as text. */
const SEQUENCE = /\u001b\[[0-?]{0,64}[ -/]{0,16}[@-~]|\u001b\][^\u0007\u001b]{0,4096}(?:\u0007|\u001b\\)?|\u009b[0-?]{0,64}[ -/]{0,16}[@-~]|\u009d[^\u0007\u001b\u009c]{0,4096}(?:\u0007|\u009c)?/g;

export function printable(s: string): string {
  CONTROLS.lastIndex = 0;
  if (!CONTROLS.test(s)) return s;
  return s.replace(SEQUENCE, '').replace(CONTROLS, '');
}

/** `printable` on every string of a JSON-like value (a report before it is rendered for a terminal). */
export function printableDeep<T>(v: T): T {
  if (typeof v === 'string') return printable(v) as T;
  if (Array.isArray(v)) return v.map((x) => printableDeep(x)) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = printableDeep(x);
    return out as T;
  }
  return v;
}
