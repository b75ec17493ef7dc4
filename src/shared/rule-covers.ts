// The literal covers the build computed for the built-in rules' paste matchers, kept where the
// paste reader can read them without importing the rule loader (collectors sit below rules/).
// The loader hands a function: the map is parsed when first asked for (only huge logs need it).
let covers: (() => Record<string, string[][]>) | undefined;

export function setBuiltinCovers(c: (() => Record<string, string[][]>) | undefined): void {
  covers = c;
}

/** The covers of the built-in rules, once they were loaded from the bundle. */
export function builtinCovers(): Record<string, string[][]> | undefined {
  return covers?.();
}
