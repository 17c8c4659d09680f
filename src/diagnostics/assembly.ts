import * as fs from 'fs';
import * as path from 'path';

/**
 * The library's jsii assembly (`.jsii`, shipped with the package), read once: the input checks derive their
 * rules from it, and problems name the fields it declares in the caller's spelling.
 */

/** The parts of the assembly's type model the library reads. */
export interface TypeRef {
  readonly primitive?: string;
  readonly fqn?: string;
  readonly collection?: { readonly kind: 'array' | 'map'; readonly elementtype: TypeRef };
  readonly union?: { readonly types: TypeRef[] };
}

export interface Parameter {
  readonly name: string;
  readonly type: TypeRef;
  readonly optional?: boolean;
  readonly variadic?: boolean;
}

export interface Callable {
  readonly name?: string;
  readonly static?: boolean;
  readonly parameters?: Parameter[];
  readonly returns?: { readonly type: TypeRef };
}

export interface Property {
  readonly name: string;
  readonly type: TypeRef;
  readonly optional?: boolean;
  readonly static?: boolean;
  readonly const?: boolean;
}

export interface TypeSpec {
  readonly fqn: string;
  readonly name: string;
  readonly kind: 'class' | 'enum' | 'interface';
  readonly datatype?: boolean;
  readonly abstract?: boolean;
  readonly base?: string;
  readonly interfaces?: string[];
  readonly properties?: Property[];
  readonly members?: Array<{ name: string }>;
  readonly initializer?: Callable;
  readonly methods?: Callable[];
}

export const ASSEMBLY = 'cdk8s-hikube';

let assemblyTypes: { [fqn: string]: TypeSpec } | undefined;

/** The assembly sits at the package root, two levels above this module in `src/` and in `lib/`. */
export function types(): { [fqn: string]: TypeSpec } {
  if (!assemblyTypes) {
    const file = path.join(__dirname, '..', '..', '.jsii');
    if (!fs.existsSync(file)) {
      // Checking nothing would let every mistake through silently: refuse to run instead.
      throw new Error(`cdk8s-hikube: the library's jsii assembly ${file} is missing; the input checks read it. `
        + 'In a clone, build it with `npx projen compile` (the main job `bash scripts/synth-example.sh` does); an installed package ships it.');
    }
    assemblyTypes = JSON.parse(fs.readFileSync(file, 'utf-8')).types as { [fqn: string]: TypeSpec };
  }
  return assemblyTypes;
}

const dependencyTypes = new Map<string, { [fqn: string]: TypeSpec }>();

/**
 * The assembly description of a type: the library's own, or a struct or enum of a jsii dependency
 * (cdk8s's `AppProps`, cdk8s-plus's `ContainerResources`), read from that package's own `.jsii`.
 */
export function lookup(fqn: string): TypeSpec | undefined {
  const own = types()[fqn];
  if (own) return own;
  const assembly = fqn.slice(0, fqn.indexOf('.'));
  let found = dependencyTypes.get(assembly);
  if (!found) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const file = path.join(path.dirname(require.resolve(`${assembly}/package.json`)), '.jsii');
      found = JSON.parse(fs.readFileSync(file, 'utf-8')).types as { [fqn: string]: TypeSpec };
    } catch {
      found = {};
    }
    dependencyTypes.set(assembly, found);
  }
  const spec = found[fqn];
  return spec && (spec.kind === 'enum' || spec.datatype) ? spec : undefined;
}

/** All properties of a struct, its bases' included. */
export function structProperties(spec: TypeSpec): Property[] {
  const out = [...(spec.properties ?? [])];
  for (const base of spec.interfaces ?? []) {
    const baseSpec = lookup(base);
    if (baseSpec) out.push(...structProperties(baseSpec));
  }
  return out;
}

let apiNames: { names: Set<string>; freeForm: Set<string> } | undefined;

/**
 * Names of the library's struct properties and parameters, as TypeScript spells them; `freeForm` holds
 * those whose values are JSON or maps of strings, where every key below is the caller's own.
 */
export function propertyNames(): { names: Set<string>; freeForm: Set<string> } {
  if (!apiNames) {
    apiNames = { names: new Set(), freeForm: new Set() };
    const add = (name: string, ref: TypeRef) => {
      apiNames!.names.add(name);
      const element = ref.collection?.kind === 'map' ? ref.collection.elementtype : ref;
      if (element.primitive === 'any' || element.primitive === 'json' || (ref.collection?.kind === 'map' && element.primitive)) apiNames!.freeForm.add(name);
    };
    for (const spec of Object.values(types())) {
      if (spec.datatype) structProperties(spec).forEach((p) => add(p.name, p.type));
      for (const m of [...(spec.methods ?? []), ...(spec.initializer ? [spec.initializer] : [])]) {
        (m.parameters ?? []).forEach((p) => add(p.name, p.type));
      }
    }
  }
  return apiNames;
}
