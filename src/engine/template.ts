// Tiny template language for rule messages and fixes:
//   {{name}}             value, or empty when unknown
//   {{name|fallback}}    value, or the fallback text
//   {{#name}}...{{/name}} section shown only when name is known
export type TemplateValues = Record<string, string | undefined>;

const SECTION_RE = /\{\{#([A-Za-z_][\w]*)\}\}([\s\S]*?)\{\{\/\1\}\}/g;
const VAR_RE = /\{\{([A-Za-z_][\w]*)(?:\|([^}]*))?\}\}/g;

export function renderTemplate(template: string, values: TemplateValues): string {
  const withSections = template.replace(SECTION_RE, (_m, name: string, body: string) =>
    isKnown(values[name]) ? body : '',
  );
  return withSections.replace(VAR_RE, (_m, name: string, fallback: string | undefined) => {
    const v = values[name];
    return isKnown(v) ? v : (fallback ?? '');
  });
}

function isKnown(v: string | undefined): v is string {
  return v !== undefined && v !== '';
}

/** Names a template refers to (used by `rules validate` to catch typos). */
export function templateNames(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.matchAll(SECTION_RE)) names.add(m[1]!);
  for (const m of template.matchAll(VAR_RE)) names.add(m[1]!);
  return [...names];
}
