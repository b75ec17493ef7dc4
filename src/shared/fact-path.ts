// A rule's fact path (`config.value.gateway.auth`, `env.derived.*`) split into its segments: one
// definition for the engine (src/engine/paths.ts resolves them) and the collectors, which may not
// import the engine (test/architecture/imports.test.ts) but must split paths the same way.

/** A dot path's segments; empty segments (`a..b`, a trailing dot) are dropped. */
export function splitPath(path: string): string[] {
  return path.split('.').filter((s) => s.length > 0);
}
