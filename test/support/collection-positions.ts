import * as fs from 'fs';

/**
 * The places of a jsii assembly's public API where a value sits in a list or a map, read from the
 * assembly. jsii turns a plain map that arrives in such a place into the declared struct by dropping every
 * key the struct does not declare, before the library sees it; so no struct may sit there, and value
 * classes made by `of(options)` take their place.
 */

interface TypeRef {
  readonly fqn?: string;
  readonly collection?: { readonly kind: string; readonly elementtype: TypeRef };
  readonly union?: { readonly types: TypeRef[] };
}

interface Member {
  readonly name: string;
  readonly static?: boolean;
  readonly type?: TypeRef;
  readonly parameters?: Array<{ readonly name: string; readonly type: TypeRef }>;
  readonly returns?: { readonly type: TypeRef };
}

interface TypeSpec {
  readonly fqn: string;
  readonly name: string;
  readonly kind: string;
  readonly datatype?: boolean;
  readonly properties?: Member[];
  readonly methods?: Member[];
  readonly initializer?: Member;
}

export interface CollectionPosition {
  /** `Owner.property`, `Owner.method(parameter)` or `Owner.method()` for a return value. */
  readonly name: string;
  /** Name of the type held in the list or map. */
  readonly element: string;
  /** Callers give values here (struct properties, parameters), rather than only read them. */
  readonly input: boolean;
  /** What the element is: a struct, a value class made by `of(options)`, or anything else. */
  readonly kind: 'struct' | 'value class' | 'other';
}

export function readAssembly(file: string): { [fqn: string]: TypeSpec } {
  return JSON.parse(fs.readFileSync(file, 'utf-8')).types;
}

/** The struct a value class is made from: its static `of()` takes exactly that struct and returns the class. */
export function optionsOf(types: { [fqn: string]: TypeSpec }, spec: TypeSpec | undefined): TypeSpec | undefined {
  if (!spec || spec.kind !== 'class') return undefined;
  const of = spec.methods?.find((m) => m.static && m.name === 'of');
  const param = of?.parameters?.length === 1 ? of.parameters[0].type.fqn : undefined;
  const struct = param ? types[param] : undefined;
  return struct?.datatype && of?.returns?.type.fqn === spec.fqn ? struct : undefined;
}

function elements(ref: TypeRef | undefined, inCollection: boolean): string[] {
  if (!ref) return [];
  if (ref.collection) return elements(ref.collection.elementtype, true);
  if (ref.union) return ref.union.types.flatMap((t) => elements(t, inCollection));
  return inCollection && ref.fqn ? [ref.fqn] : [];
}

export function collectionPositions(types: { [fqn: string]: TypeSpec }): CollectionPosition[] {
  const out: CollectionPosition[] = [];
  const add = (name: string, ref: TypeRef | undefined, input: boolean) => {
    for (const fqn of elements(ref, false)) {
      const spec = types[fqn];
      const kind = spec?.datatype ? 'struct' : optionsOf(types, spec) ? 'value class' : 'other';
      out.push({ name, element: fqn.split('.').pop()!, input, kind });
    }
  };
  for (const t of Object.values(types)) {
    for (const p of t.properties ?? []) add(`${t.name}.${p.name}`, p.type, t.datatype === true);
    const callables = [...(t.methods ?? []), ...(t.initializer ? [{ ...t.initializer, name: 'constructor' }] : [])];
    for (const m of callables) {
      for (const p of m.parameters ?? []) add(`${t.name}.${m.name}(${p.name})`, p.type, true);
      add(`${t.name}.${m.name}()`, m.returns?.type, false);
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
