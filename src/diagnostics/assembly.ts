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

/**
 * What the checks read of the assemblies: the library's types and the structs and enums of its jsii
 * dependencies that they reach, without documentation or source locations. The build writes it beside this
 * module (`INDEX_FILE`): the assembly is mostly documentation, and cdk8s-plus's (2.8 MB) was read whole
 * for a few structs.
 */
export interface AssemblyIndex {
  /** Size in bytes of the `.jsii` the index was made from: an index of another build is not used. */
  readonly assemblySize: number;
  readonly types: { readonly [fqn: string]: TypeSpec };
  /** Structs and enums of dependencies, by fqn. */
  readonly dependencies: { readonly [fqn: string]: TypeSpec };
}

/** A module whose export is the index (`JSON.parse` of one string, which V8 reads faster than the same object literal). */
export const INDEX_FILE = 'assembly-index.js';

let index: AssemblyIndex | undefined;

/** The assembly sits at the package root, two levels above this module in `src/` and in `lib/`. */
function assemblyFile(): string {
  return path.join(__dirname, '..', '..', '.jsii');
}

function assemblySize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    // Checking nothing would let every mistake through silently: refuse to run instead.
    throw new Error(`cdk8s-hikube: the library's jsii assembly ${file} is missing; the input checks read it. `
      + 'In a clone, build it with `npx projen compile` (the main job `bash scripts/synth-example.sh` does); an installed package ships it.');
  }
}

function assemblyIndex(): AssemblyIndex {
  if (!index) {
    const file = assemblyFile();
    const size = assemblySize(file);
    const built = path.join(__dirname, INDEX_FILE);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stored = fs.existsSync(built) ? require(built) as AssemblyIndex : undefined;
    index = stored?.assemblySize === size ? stored : buildIndex(JSON.parse(fs.readFileSync(file, 'utf-8')), size);
  }
  return index;
}

/** The library's own types, by fqn. */
export function types(): { readonly [fqn: string]: TypeSpec } {
  return assemblyIndex().types;
}

/**
 * The assembly description of a type: the library's own, or a struct or enum of a jsii dependency
 * (cdk8s's `AppProps`, cdk8s-plus's `ContainerResources`).
 */
export function lookup(fqn: string): TypeSpec | undefined {
  const { types: own, dependencies } = assemblyIndex();
  return own[fqn] ?? dependencies[fqn];
}

/** The source of the module `INDEX_FILE` holding an index. */
export function indexModuleSource(built: AssemblyIndex): string {
  return `"use strict";\nmodule.exports = JSON.parse(${JSON.stringify(JSON.stringify(built))});\n`;
}

/** The index of an assembly: the library's types, and the dependencies' structs and enums they reach, read from each dependency's own `.jsii`. */
export function buildIndex(assembly: { types: { [fqn: string]: any } }, size: number): AssemblyIndex {
  const own: { [fqn: string]: TypeSpec } = {};
  for (const [fqn, spec] of Object.entries(assembly.types)) own[fqn] = compact(spec);
  const dependencies: { [fqn: string]: TypeSpec } = {};
  const loaded = new Map<string, { [fqn: string]: any }>();
  const pending = Object.values(own).flatMap(referenced);
  for (let fqn = pending.pop(); fqn !== undefined; fqn = pending.pop()) {
    if (fqn in own || fqn in dependencies) continue;
    const name = fqn.slice(0, fqn.indexOf('.'));
    if (!loaded.has(name)) loaded.set(name, dependencyTypes(name));
    const spec = loaded.get(name)![fqn];
    if (!spec || !(spec.kind === 'enum' || spec.datatype)) continue;
    dependencies[fqn] = compact(spec);
    pending.push(...referenced(dependencies[fqn]));
  }
  return { assemblySize: size, types: own, dependencies: sorted(dependencies) };
}

function dependencyTypes(assembly: string): { [fqn: string]: any } {
  try {
    const file = path.join(path.dirname(require.resolve(`${assembly}/package.json`)), '.jsii');
    return JSON.parse(fs.readFileSync(file, 'utf-8')).types;
  } catch {
    return {};
  }
}

function sorted<T>(record: { [key: string]: T }): { [key: string]: T } {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The fqns a type names: its bases and the types of its properties, parameters and results. */
function referenced(spec: TypeSpec): string[] {
  const out = [...(spec.base ? [spec.base] : []), ...(spec.interfaces ?? [])];
  const add = (ref: TypeRef | undefined): void => {
    if (!ref) return;
    if (ref.fqn) out.push(ref.fqn);
    if (ref.collection) add(ref.collection.elementtype);
    ref.union?.types.forEach(add);
  };
  (spec.properties ?? []).forEach((p) => add(p.type));
  for (const m of [...(spec.methods ?? []), ...(spec.initializer ? [spec.initializer] : [])]) {
    (m.parameters ?? []).forEach((p) => add(p.type));
    add(m.returns?.type);
  }
  return out;
}

/** A type description with only the fields `TypeSpec` declares. */
function compact(spec: any): TypeSpec {
  const pick = (from: any, keys: string[]): any => {
    const out: any = {};
    for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
    return out;
  };
  const parameter = (p: any): Parameter => pick(p, ['name', 'type', 'optional', 'variadic']);
  const callable = (c: any): Callable => ({
    ...pick(c, ['name', 'static', 'returns']),
    ...(c.parameters ? { parameters: c.parameters.map(parameter) } : {}),
  });
  return {
    ...pick(spec, ['fqn', 'name', 'kind', 'datatype', 'abstract', 'base', 'interfaces']),
    ...(spec.properties ? { properties: spec.properties.map((p: any) => pick(p, ['name', 'type', 'optional', 'static', 'const'])) } : {}),
    ...(spec.members ? { members: spec.members.map((m: any) => ({ name: m.name })) } : {}),
    ...(spec.initializer ? { initializer: callable(spec.initializer) } : {}),
    ...(spec.methods ? { methods: spec.methods.map(callable) } : {}),
  };
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
