// Permission bits as facts (octal strings, "loose" = readable by group or others): the collector
// records them for files it cannot parse, the derive stage for files it can.
export interface PermissionFacts {
  configMode?: string;
  configModeLoose?: boolean;
  stateDirMode?: string;
  stateDirModeLoose?: boolean;
}

/** A file mode as people write it for chmod: permission bits only, four octal digits (`0600`). */
export function octalMode(mode: number): string {
  return '0' + (mode & 0o777).toString(8).padStart(3, '0');
}

/** Permission facts of the file and its state directory (POSIX only). */
export function permissionFacts(mode: number | undefined, stateDirMode: number | undefined, platform: string): PermissionFacts {
  const d: PermissionFacts = {};
  if (platform === 'win32') return d;
  if (mode !== undefined) {
    d.configMode = octalMode(mode);
    d.configModeLoose = (mode & 0o077) !== 0;
  }
  if (stateDirMode !== undefined) {
    d.stateDirMode = octalMode(stateDirMode);
    d.stateDirModeLoose = (stateDirMode & 0o077) !== 0;
  }
  return d;
}
