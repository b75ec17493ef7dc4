// import() of an ESM-only package (ora). The launcher runs the bundle from a V8 code cache, and on
// Node 20 code restored from that cache cannot call import() itself (the cache drops the
// dynamic-import hook: "A dynamic import callback was not specified"), so the launcher hands over
// an import() of its own. Everything CommonJS is loaded with require (scripts/build.mjs).
type Importer = (specifier: string) => Promise<unknown>;

let importer: Importer = (specifier) => import(specifier);

export function useImporter(f: Importer): void {
  importer = f;
}

export function importEsm<T>(specifier: string): Promise<T> {
  return importer(specifier) as Promise<T>;
}
