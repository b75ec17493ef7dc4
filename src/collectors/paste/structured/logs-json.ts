// `openclaw logs --json` prints one JSON record per line: {"type":"log","time":…,"level":…,
// "subsystem":…,"message":…,"raw":…} (plus meta/notice/error records). The message is the log
// line itself; it is handed to the line rules as its own logical line, in the plain-text log's
// `[subsystem] message` form so channel exclusions (`[discord] …`) keep working.

const PREFIX_RE = /^\s*\{"type":"(?:log|notice|error)"/;
const MAX_LINE = 64 * 1024;

export function logsJsonMessage(line: string): string | undefined {
  if (line.length > MAX_LINE || !PREFIX_RE.test(line)) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  const o = v as Record<string, unknown>;
  const message = typeof o.message === 'string' ? o.message : undefined;
  if (!message?.trim()) return undefined;
  const subsystem = typeof o.subsystem === 'string' && o.subsystem ? o.subsystem : undefined;
  return subsystem ? `[${subsystem}] ${message}` : message;
}
