// The URL password regex before redos9 and how a global exec loop reads it (redact-url-password*.test.ts).
// The regex urlPassword() stands in for (src/shared/redact.ts before redos9).
export const OLD = /(\b[a-z][a-z0-9+.-]{0,32}:\/\/[^/\s:@"'<>]{1,256}:)([^@\s/"'<>]{1,1024})(?=@)/gi;

/** Every match of a global exec loop, as the redaction loop reads it: index, match, captures, lastIndex after. */
export function all(re: { lastIndex: number; exec(t: string): RegExpExecArray | null }, text: string): unknown[] {
  const out: unknown[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push([m.index, [...m], re.lastIndex]);
  out.push(re.lastIndex);
  return out;
}
