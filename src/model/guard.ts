import * as path from 'path';
import { IConstruct } from 'constructs';
import { isOrdinaryObject } from './merge';
import { ASSEMBLY, lookup, structProperties, TypeRef, TypeSpec, types } from '../diagnostics/assembly';
import { finding, HikubeValidationError, placed, ValidationProblem } from '../diagnostics/problems';
import { RuleCode } from '../diagnostics/rules';

/**
 * Runtime checks of every public input, derived from the library's jsii assembly (`.jsii`, shipped with
 * the package): the assembly describes each struct's fields, their types and which are optional, each
 * enum's members and each class's factories. JavaScript, Python, Java, Go and C# callers reach the
 * library without TypeScript's checks (a Python dict inside a map arrives with snake_case keys), so one
 * description serves every entry instead of hand-written checks per construct.
 */

/**
 * The library's enums a check meets, by name, as TypeScript compiles them (member names to values). The
 * caller passes them: the assembly names each enum's members but not their values, and the guard sits
 * below the modules that declare most enums.
 */
export interface EnumObjects {
  readonly [name: string]: { readonly [member: string]: unknown };
}

/** Runtime value of an enum of the assembly or of a dependency. */
function runtimeOf(spec: TypeSpec, enums: EnumObjects): any {
  return spec.fqn.startsWith(`${ASSEMBLY}.`) ? enums[spec.name] : external(spec.fqn);
}

function typeSpec(name: string): TypeSpec {
  const spec = types()[name.includes('.') ? name : `${ASSEMBLY}.${name}`];
  if (!spec) throw new Error(`internal: ${name} is not a type of the ${ASSEMBLY} assembly`);
  return spec;
}

const enumsByCheck = new Map<string, string[]>();

/** The library's enums reachable through struct fields, lists, maps and unions; class instances are checked whole. */
function enumsReached(refs: TypeRef[], into: Set<string>, seen: Set<string>): Set<string> {
  for (const ref of refs) {
    if (ref.collection) enumsReached([ref.collection.elementtype], into, seen);
    if (ref.union) enumsReached(ref.union.types, into, seen);
    if (!ref.fqn?.startsWith(`${ASSEMBLY}.`) || seen.has(ref.fqn)) continue;
    seen.add(ref.fqn);
    const spec = types()[ref.fqn];
    if (spec?.kind === 'enum') into.add(spec.name);
    if (spec?.datatype) enumsReached(structProperties(spec).map((p) => p.type), into, seen);
  }
  return into;
}

/** Fails every call of a check whose caller forgot an enum, not only the calls that happen to set it. */
function expectEnums(check: string, refs: TypeRef[], enums: EnumObjects): void {
  let needed = enumsByCheck.get(check);
  if (!needed) {
    needed = [...enumsReached(refs, new Set(), new Set())];
    enumsByCheck.set(check, needed);
  }
  const missing = needed.filter((name) => !(name in enums));
  if (missing.length > 0) throw new Error(`internal: checking ${check} meets the enums ${missing.join(', ')}; its caller passes them`);
}

const JSII_RTTI = Symbol.for('jsii.rtti');
/** The TypeScript sources (as the tests and ts-node run them) are compiled without jsii's type information. */
const FROM_SOURCES = path.extname(__filename) === '.ts';

/**
 * Whether a class is the library's class `fqn` or extends it, told without importing the class (the guard
 * sits below most of them): by the fqn jsii records on each class it compiles, or, in the TypeScript
 * sources, by the class name.
 */
function isClassOf(value: unknown, fqn: string): boolean {
  for (let c = value; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    const own = FROM_SOURCES ? `${ASSEMBLY}.${c.name}` : Object.getOwnPropertyDescriptor(c, JSII_RTTI)?.value?.fqn;
    if (own === fqn) return true;
  }
  return false;
}

/** Runtime values of another module's exports (cdk8s, cdk8s-plus, constructs). */
function external(fqn: string): any {
  const dot = fqn.lastIndexOf('.');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(fqn.slice(0, dot))[fqn.slice(dot + 1)];
  } catch {
    return undefined;
  }
}

function describeType(ref: TypeRef): string {
  if (ref.primitive) return ref.primitive === 'any' || ref.primitive === 'json' ? 'any JSON value' : `a ${ref.primitive}`;
  if (ref.collection) {
    const element = describeType(ref.collection.elementtype).replace(/^an? /, '');
    return ref.collection.kind === 'array' ? `a list (each: ${element})` : `a map (each value: ${element})`;
  }
  if (ref.union) return ref.union.types.map(describeType).join(' or ');
  const name = ref.fqn!.split('.').pop()!;
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'function') {
    return /^class[\s{]/.test(Function.prototype.toString.call(value)) ? `the class ${(value as { name: string }).name} itself` : 'a function';
  }
  if (typeof value === 'object') {
    const ctor = Object.getPrototypeOf(value)?.constructor?.name;
    return !ctor || ctor === 'Object' ? 'a plain object' : `${/^[AEIOU]/.test(ctor) ? 'an' : 'a'} ${ctor}`;
  }
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return Number.isFinite(value) ? `the number ${value}` : `the number ${String(value)} (not finite)`;
  return `${typeof value === 'boolean' ? 'the boolean' : `a ${typeof value}`} ${String(value)}`;
}

function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Levenshtein distance between two strings. @internal */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length];
}

/**
 * The known name a misspelt one means: equal but for case, or within two edits (one for names of three
 * characters or fewer, which are all close to each other); undefined when none is, or several are as
 * close. Every "did you mean" of the library and the command line comes from here. @internal
 */
export function nearest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const scored = known.filter((k) => k !== key).map((k) => ({ k, d: k.toLowerCase() === lower ? 0 : editDistance(lower, k.toLowerCase()) }));
  if (scored.length === 0) return undefined;
  const best = Math.min(...scored.map((c) => c.d));
  const closest = scored.filter((c) => c.d === best);
  return best <= (key.length <= 3 ? 1 : 2) && closest.length === 1 ? closest[0].k : undefined;
}

class Checker {
  public readonly problems: ValidationProblem[] = [];
  private readonly seen = new Set<object>();

  public constructor(private readonly where: string, private readonly enums: EnumObjects) {}

  public report(rule: RuleCode, field: string, message: string): void {
    this.problems.push(placed(this.where, finding(rule, field, message)));
  }

  public value(value: unknown, ref: TypeRef, field: string): void {
    if (ref.union) {
      const trial = new Checker(this.where, this.enums);
      if (ref.union.types.some((t) => {
        trial.problems.length = 0;
        trial.value(value, t, field);
        return trial.problems.length === 0;
      })) return;
      this.report('HK-TYPE', field, `${describeValue(value)} is not valid; expected ${describeType(ref)}`);
      return;
    }
    if (ref.primitive) return this.primitive(value, ref.primitive, field);
    if (ref.collection) return this.collection(value, ref, field);
    return this.named(value, ref.fqn!, field);
  }

  private primitive(value: unknown, primitive: string, field: string): void {
    switch (primitive) {
      case 'string':
      case 'boolean':
        if (typeof value !== primitive) this.report('HK-TYPE', field, `${describeValue(value)} is not valid; expected a ${primitive}`);
        return;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) this.report('HK-TYPE', field, `${describeValue(value)} is not valid; expected a finite number`);
        return;
      case 'date':
        if (!(value instanceof Date)) this.report('HK-TYPE', field, `${describeValue(value)} is not valid; expected a date`);
        return;
      default:
        return this.plainJson(value, field);
    }
  }

  /** Values typed `any` reach YAML as they are: they must be plain JSON data. */
  private plainJson(value: unknown, field: string): void {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) this.report('HK-TYPE', field, `${String(value)} has no JSON form; expected a finite number`);
      return;
    }
    if (typeof value !== 'object') {
      this.report('HK-TYPE', field, `${describeValue(value)} has no JSON form; expected plain JSON data (objects, lists, strings, finite numbers, booleans, null)`);
      return;
    }
    if (this.seen.has(value)) {
      this.report('HK-TYPE', field, 'refers back to an enclosing value (a cycle); expected plain JSON data, which is a tree');
      return;
    }
    if (!Array.isArray(value) && !isOrdinaryObject(value)) {
      this.report('HK-TYPE', field, `${describeValue(value)} has no JSON form; expected plain JSON data (objects, lists, strings, finite numbers, booleans, null)`);
      return;
    }
    this.seen.add(value);
    if (Array.isArray(value)) value.forEach((v, i) => this.plainJson(v, `${field}[${i}]`));
    else for (const [k, v] of Object.entries(value)) this.plainJson(v, `${field}.${k}`);
    this.seen.delete(value);
  }

  private collection(value: unknown, ref: TypeRef, field: string): void {
    const { kind, elementtype } = ref.collection!;
    if (kind === 'array') {
      if (!Array.isArray(value)) {
        const hint = typeof value === 'string' ? `; to give one, wrap it in a list: [${JSON.stringify(value)}]` : '';
        this.report('HK-TYPE', field, `${describeValue(value)} is not valid; expected ${describeType(ref)}${hint}`);
        return;
      }
      value.forEach((v, i) => this.value(v, elementtype, `${field}[${i}]`));
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.report('HK-TYPE', field, `${describeValue(value)} is not valid; expected ${describeType(ref)} keyed by name`);
      return;
    }
    this.seen.add(value);
    for (const [k, v] of Object.entries(value)) this.value(v, elementtype, `${field}.${k}`);
    this.seen.delete(value);
  }

  private named(value: unknown, fqn: string, field: string): void {
    const spec = lookup(fqn);
    if (!spec) return this.externalType(value, fqn, field);
    if (spec.kind === 'enum') return this.enumValue(value, spec, field);
    if (spec.kind === 'interface') {
      if (spec.datatype) return this.struct(value, spec, field);
      if (typeof value !== 'object' || value === null) this.report('HK-TYPE', field, `${describeValue(value)} is not valid; expected ${describeType({ fqn })}${INTERFACE_HINTS[spec.name] ?? ''}`);
      return;
    }
    return this.instance(value, spec, field);
  }

  private externalType(value: unknown, fqn: string, field: string): void {
    const runtime = external(fqn);
    if (fqn === 'constructs.Construct' || fqn === 'constructs.IConstruct') {
      if (typeof value !== 'object' || value === null || !('node' in value)) this.report('HK-TYPE', field, `${describeValue(value)} is not valid; expected a construct`);
      return;
    }
    if (typeof runtime === 'function') {
      if (!(value instanceof runtime)) {
        this.report('HK-TYPE', field, `${describeValue(value)} is not valid; expected ${describeType({ fqn })} from ${fqn.slice(0, fqn.lastIndexOf('.'))}${factoryHint(fqn)}`);
      }
      return;
    }
    if (typeof value !== 'object' || value === null) this.report('HK-TYPE', field, `${describeValue(value)} is not valid; expected ${describeType({ fqn })}`);
  }

  private enumValue(value: unknown, spec: TypeSpec, field: string): void {
    const runtime = runtimeOf(spec, this.enums) as { [member: string]: unknown };
    const allowed = (spec.members ?? []).map((m) => m.name);
    if (allowed.some((m) => runtime[m] === value)) return;
    const byName = typeof value === 'string' ? allowed.find((m) => m === value.toUpperCase().replace(/[-. ]/g, '_') || String(runtime[m]).toLowerCase() === value.toLowerCase()) : undefined;
    const hint = byName ? `; did you mean ${spec.name}.${byName} (${JSON.stringify(runtime[byName])})?` : '';
    this.report('HK-ENUM', field, `${describeValue(value)} is not valid; expected one of ${allowed.map((m) => `${spec.name}.${m} (${JSON.stringify(runtime[m])})`).join(', ')}${hint}`);
  }

  private instance(value: unknown, spec: TypeSpec, field: string): void {
    if (typeof value === 'object' && value !== null && isClassOf(Object.getPrototypeOf(value)?.constructor, spec.fqn)) {
      // A value class (`NodeGroupSpec`) keeps the options it was made from: checked again where it is used,
      // so that a problem names the field it sits in (`nodeGroups.web.minReplicas`).
      const options = optionsStruct(spec);
      if (options) this.struct((value as { options: unknown }).options, options, field);
      return;
    }
    const subclasses = Object.values(types()).filter((t) => t.kind === 'class' && !t.abstract && inherits(t, spec.fqn)).map((t) => t.name).sort();
    let hint: string;
    if (isClassOf(value, spec.fqn)) {
      hint = `create one with new ${(value as { name: string }).name}(...)`;
    } else if (subclasses.length > 0) {
      hint = `create one of ${subclasses.map((n) => `new ${n}(...)`).join(', ')}`;
    } else {
      hint = factories(spec, value);
    }
    this.report('HK-TYPE', field, `${describeValue(value)} is not valid; expected ${describeType({ fqn: spec.fqn })}: ${hint}`);
  }

  public struct(value: unknown, spec: TypeSpec, field: string): void {
    const prefix = field ? `${field}.` : '';
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.report('HK-TYPE', field || spec.name, `${describeValue(value)} is not valid; expected ${spec.name} (an object of options)`);
      return;
    }
    const properties = structProperties(spec);
    const known = properties.map((p) => p.name);
    const record = value as { [key: string]: unknown };
    for (const key of Object.keys(record)) {
      if (known.includes(key) || record[key] === undefined) continue;
      const camel = camelCase(key);
      if (camel !== key && known.includes(camel)) {
        this.report('HK-UNKNOWN-KEY', `${prefix}${key}`, `unknown option; the option is ${camel}`);
        continue;
      }
      const guess = nearest(key, known);
      this.report('HK-UNKNOWN-KEY', `${prefix}${key}`,
        `unknown option of ${spec.name}${guess ? `; did you mean ${guess}?` : ''} (known: ${known.join(', ')})`);
    }
    for (const property of properties) {
      const v = record[property.name];
      if (v === undefined || v === null) {
        if (!property.optional) this.report('HK-REQUIRED', `${prefix}${property.name}`, `required; expected ${describeType(property.type)}`);
        continue;
      }
      this.value(v, property.type, `${prefix}${property.name}`);
    }
  }
}

/** The options struct of a value class: the one its static `of()` takes and its `options` property holds. */
function optionsStruct(spec: TypeSpec): TypeSpec | undefined {
  const of = spec.methods?.find((m) => m.static && m.name === 'of' && m.returns?.type.fqn === spec.fqn);
  const struct = of?.parameters?.length === 1 ? types()[of.parameters[0].type.fqn ?? ''] : undefined;
  const kept = spec.properties?.some((p) => p.name === 'options' && p.type.fqn === struct?.fqn);
  return struct?.datatype && kept ? struct : undefined;
}

function inherits(spec: TypeSpec, base: string): boolean {
  for (let s: TypeSpec | undefined = spec; s?.base; s = types()[s.base]) {
    if (s.base === base) return true;
  }
  return false;
}

/** How to obtain an instance of an enum-like class: its constants and static factories. */
function factories(spec: TypeSpec, value: unknown): string {
  const constants = (spec.properties ?? []).filter((p) => p.static && p.type.fqn === spec.fqn).map((p) => p.name);
  const makers = (spec.methods ?? []).filter((m) => m.static && m.returns?.type.fqn === spec.fqn);
  const parts: string[] = [];
  if (constants.length > 0) parts.push(`use one of its constants (e.g. ${spec.name}.${constants[0]})`);
  for (const m of makers) {
    const takesString = m.parameters?.[0]?.type.primitive === 'string';
    const arg = takesString && typeof value === 'string' ? JSON.stringify(value) : '...';
    parts.push(`${spec.name}.${m.name}(${arg})`);
  }
  return parts.length > 0 ? parts.join(' or ') : `create one with new ${spec.name}(...)`;
}

/** What callers pass for the library's behavioural interfaces. */
const INTERFACE_HINTS: { [name: string]: string } = {
  IWorkload: ' (a cdk8s-plus Deployment, StatefulSet or DaemonSet)',
};

/** Examples for the value classes of other modules that props use most. */
const EXTERNAL_EXAMPLES: { [name: string]: string } = {
  Duration: 'Duration.minutes(5)',
  Size: 'Size.gibibytes(50)',
  Cpu: 'Cpu.units(2)',
};

function factoryHint(fqn: string): string {
  const example = EXTERNAL_EXAMPLES[fqn.split('.').pop()!];
  return example ? ` (e.g. ${example})` : '';
}

function pathOf(scope: IConstruct | string): string {
  return typeof scope === 'string' ? scope : scope.node.path;
}

/**
 * Checks the props of a construct against its struct in the assembly; throws the library's error listing
 * every problem. `scope` and `id` name the construct before it exists, so constructors can check their
 * props before handing them to a base class. `enums` holds the library's enums the struct reaches.
 */
export function checkProps<T>(scope: IConstruct | string, id: string | undefined, structName: string, props: T, enums: EnumObjects = {}, field = ''): T {
  const where = typeof scope === 'string' ? scope : id === undefined ? scope.node.path : [scope.node.path, id].filter((s) => s).join('/');
  const spec = typeSpec(structName);
  expectEnums(structName, [{ fqn: spec.fqn }], enums);
  const checker = new Checker(where, enums);
  checker.struct(props, spec, field);
  if (checker.problems.length > 0) throw new HikubeValidationError(checker.problems);
  return props;
}

/**
 * Checks the arguments of a public method or constructor (`method` undefined) against the assembly.
 * Optional parameters may be omitted; structs are checked field by field. `enums` holds the library's
 * enums the parameters reach.
 */
export function checkArgs(scope: IConstruct | string, className: string, method: string | undefined, args: unknown[], enums: EnumObjects = {}): void {
  const spec = typeSpec(className);
  const callable = method === undefined ? spec.initializer : spec.methods?.find((m) => m.name === method);
  if (!callable) throw new Error(`internal: ${className}.${method ?? 'constructor'} is not in the assembly`);
  expectEnums(`${className}.${method ?? 'constructor'}`, (callable.parameters ?? []).map((p) => p.type), enums);
  const checker = new Checker(pathOf(scope), enums);
  (callable.parameters ?? []).forEach((p, i) => {
    const value = args[i];
    if (value === undefined || value === null) {
      if (!p.optional) checker.report('HK-REQUIRED', p.name, `required; expected ${describeType(p.type)}`);
      return;
    }
    checker.value(value, p.type, p.name);
  });
  if (checker.problems.length > 0) throw new HikubeValidationError(checker.problems);
}
