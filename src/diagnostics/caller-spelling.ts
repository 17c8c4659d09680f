import { propertyNames } from './assembly';

/**
 * Field paths as the caller's language spells them. The library names fields the way TypeScript,
 * JavaScript and Java spell them (`nodeGroups.web.minReplicas`); Python callers write the same words in
 * snake_case (`node_groups`, `min_replicas`). The jsii runtime names the calling language in `JSII_AGENT`
 * (`Python/3.11.7`), so under Python an error gives both spellings.
 */

/** `minReplicas` as jsii names it in Python. */
function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The Python spelling of a field path, when the caller is Python and it differs; undefined otherwise. */
export function pythonSpelling(field: string): string | undefined {
  if (!(process.env.JSII_AGENT ?? '').startsWith('Python/')) return undefined;
  // Paths into a Kubernetes document are YAML's own fields, the same in every language.
  if (/^(spec|metadata)(\.|$)/.test(field)) return undefined;
  const { names, freeForm } = propertyNames();
  let free = false;
  const spelt = field.split('.').map((segment) => {
    // Group names, value keys and labels are the caller's own words below a free-form field or a map key.
    const [, name, index] = /^([^[]*)(.*)$/.exec(segment)!;
    const python = !free && names.has(name) ? snake(name) : name;
    if (freeForm.has(name)) free = true;
    return python + index;
  }).join('.');
  return spelt === field ? undefined : spelt;
}
