import * as fs from 'fs';
import { dirname, join } from 'path';
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { analyse, constructId } from './analyse';
import { Args, Io, lineOption } from './args';
import { isClusterDocument, loadDocuments, UsageError } from './documents';
import { Addon } from '../model/addons/addon';
import { EnumMember } from '../model/addons/descriptor';
import { ApiServerVolume, ApiServerVolumeMount } from '../model/control-plane';
import { Gpu } from '../model/gpu';
import { MaxUnhealthy } from '../model/health-check';
import { InstanceType } from '../model/instance-type';
import { MemoryThreshold } from '../model/kubelet';
import { KubernetesVersion } from '../model/kubernetes-version';
import { isPlainObject } from '../model/merge';
import { NodeGroupSpec } from '../model/node-group';
import { NodeRole } from '../model/node-role';
import { OidcMode, OidcRole, OidcUser } from '../model/oidc';
import { PlatformLine } from '../model/platform-line';
import { formatSize } from '../model/quantity';
import { PresetSeries, PresetSize, ResourcesPreset } from '../model/resources-preset';
import { ManifestNote, ManifestReading } from '../tenant/from-manifest';

export const IMPORT_HELP = `Usage: cdk8s-hikube import FILE [--line L] [--out FILE] [--lang typescript|python]

Writes a program that builds the same clusters with the typed API: catalog constants where they exist,
InstanceType.of(...) where not, a comment at each repair and at each field carried over untyped.
Every repair check proposes is applied: override keys the charts ignore move to where they are read.

  --line L     platform line; detected per document when not given
  --out FILE   where to write the program, its folders created; a folder gets main.ts or main.py
               (default: standard output)
  --lang L     typescript (default) or python

Exit code: 0 when written; 1 when a document could not be read, the file holds no cluster, or two
clusters share a name (then nothing is written); 2 on usage errors.`;

/** A piece of code, independent of the target language. */
type Expr =
  | { readonly t: 'lit'; readonly v: unknown }
  | { readonly t: 'ref'; readonly module: Module; readonly name: string; readonly member?: string }
  | { readonly t: 'call'; readonly fn: Expr; readonly args: Expr[] }
  /** An add-on (`addonKey`, its key under `spec.addons`) or another class made by its constructor. */
  | { readonly t: 'new'; readonly cls: Expr; readonly props?: Expr; readonly addonKey?: string }
  /** A value class made from its options struct by its static `of()`, such as `NodeGroupSpec.of({...})`. */
  | { readonly t: 'of'; readonly cls: Expr; readonly props: Extract<Expr, { t: 'obj' }> }
  | { readonly t: 'obj'; readonly struct: boolean; readonly entries: Entry[] }
  | { readonly t: 'arr'; readonly items: Expr[] };
interface Entry {
  readonly key: string;
  readonly value: Expr;
  readonly comments: string[];
}
type Module = 'cdk8s' | 'plus' | 'hikube';

const lit = (v: unknown): Expr => ({ t: 'lit', v });
const ref = (module: Module, name: string, member?: string): Expr => ({ t: 'ref', module, name, member });
const call = (module: Module, name: string, member: string, ...args: Expr[]): Expr => ({ t: 'call', fn: ref(module, name, member), args });

/** A static member of a class holding the same value, e.g. `InstanceType.S1_LARGE`. */
function constantOf(cls: any, same: (v: any) => boolean): string | undefined {
  return Object.getOwnPropertyNames(cls).find((k) => /^[A-Z0-9_]+$/.test(k) && k !== 'DEFAULT' && same(cls[k]));
}

function sizeExpr(s: Size): Expr {
  const text = formatSize(s);
  const m = /^(\d+)(Ki|Mi|Gi|Ti|Pi)$/.exec(text);
  const method: Record<string, string> = { Ki: 'kibibytes', Mi: 'mebibytes', Gi: 'gibibytes', Ti: 'tebibytes', Pi: 'pebibyte' };
  return m ? call('cdk8s', 'Size', method[m[2]], lit(Number(m[1]))) : call('cdk8s', 'Size', 'kibibytes', lit(s.toKibibytes()));
}

function cpuExpr(c: Cpu): Expr {
  return c.amount.endsWith('m') ? call('plus', 'Cpu', 'millis', lit(Number(c.amount.slice(0, -1)))) : call('plus', 'Cpu', 'units', lit(Number(c.amount)));
}

function durationExpr(d: Duration): Expr {
  const s = d.toSeconds();
  if (s % 3600 === 0) return call('cdk8s', 'Duration', 'hours', lit(s / 3600));
  if (s % 60 === 0) return call('cdk8s', 'Duration', 'minutes', lit(s / 60));
  return call('cdk8s', 'Duration', 'seconds', lit(s));
}

function enumExpr(name: string, enumObj: Record<string, string>, value: string): Expr {
  const member = Object.keys(enumObj).find((k) => enumObj[k] === value);
  return member ? ref('hikube', name, member) : lit(value);
}

/** The code for a value of the model: typed constants and factories, plain literals for the rest. */
function valueExpr(v: unknown, path: string, notes: ManifestNote[]): Expr {
  if (v instanceof PlatformLine) return ref('hikube', 'PlatformLine', constantOf(PlatformLine, (x) => x === v)!);
  if (v instanceof KubernetesVersion) {
    const c = constantOf(KubernetesVersion, (x) => x instanceof KubernetesVersion && x.minor === v.minor);
    return c ? ref('hikube', 'KubernetesVersion', c) : call('hikube', 'KubernetesVersion', 'of', lit(v.toString()));
  }
  if (v instanceof InstanceType) {
    const c = constantOf(InstanceType, (x) => x === v);
    return c ? ref('hikube', 'InstanceType', c) : call('hikube', 'InstanceType', 'of', lit(v.name));
  }
  if (v instanceof ResourcesPreset) {
    const c = constantOf(ResourcesPreset, (x) => x instanceof ResourcesPreset && x.name === v.name);
    if (c) return ref('hikube', 'ResourcesPreset', c);
    const [series, size] = v.name.split('.');
    return call('hikube', 'ResourcesPreset', 'of', enumExpr('PresetSeries', PresetSeries, series), enumExpr('PresetSize', PresetSize, size));
  }
  if (v instanceof Gpu) {
    const c = constantOf(Gpu, (x) => x instanceof Gpu && x.deviceName === v.deviceName);
    return c ? ref('hikube', 'Gpu', c) : call('hikube', 'Gpu', 'of', lit(v.deviceName));
  }
  if (v instanceof NodeRole) {
    const c = constantOf(NodeRole, (x) => x instanceof NodeRole && x.name === v.name);
    return c ? ref('hikube', 'NodeRole', c) : call('hikube', 'NodeRole', 'of', lit(v.name));
  }
  if (v instanceof MaxUnhealthy) return call('hikube', 'MaxUnhealthy', v.isPercent ? 'percent' : 'count', lit(v.value));
  if (v instanceof MemoryThreshold) return v.amount ? call('hikube', 'MemoryThreshold', 'size', sizeExpr(v.amount)) : call('hikube', 'MemoryThreshold', 'percent', lit(v.percentage));
  if (v instanceof Size) return sizeExpr(v);
  if (v instanceof Cpu) return cpuExpr(v);
  if (v instanceof Duration) return durationExpr(v);
  if (v instanceof Addon) return addonExpr(v, path, notes);
  if (v instanceof EnumMember) return enumExpr(v.enumName, v.members, v.value);
  for (const cls of [NodeGroupSpec, ApiServerVolume, ApiServerVolumeMount, OidcUser]) {
    if (v instanceof cls) return { t: 'of', cls: ref('hikube', cls.name), props: objectExpr(v.options, path, notes, true) };
  }
  if (typeof v === 'string' && /^\.oidc\.mode$/.test(path)) return enumExpr('OidcMode', OidcMode, v);
  if (typeof v === 'string' && /^\.oidc\.users\.\d+\.role$/.test(path)) return enumExpr('OidcRole', OidcRole, v);
  if (Array.isArray(v)) return { t: 'arr', items: v.map((x, i) => valueExpr(x, `${path}.${i}`, notes)) };
  if (isLiteralObject(v)) return objectExpr(v, path, notes, true);
  return lit(v);
}

/** A map or struct literal, not an instance of a class (whatever realm created it). */
function isLiteralObject(v: unknown): v is Record<string, any> {
  if (!isPlainObject(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Props of the typed API are structs; these hold user keys (group names, values, labels) verbatim. */
const MAP_FIELDS = /(^|\.)(nodeGroups|valuesOverride|labels|annotations|registryMirrors)$/;

function objectExpr(o: Record<string, any>, path: string, notes: ManifestNote[], struct: boolean): Extract<Expr, { t: 'obj' }> {
  const entries: Entry[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    const at = `${path}.${k}`;
    // Maps hold maps or value classes (`NodeGroupSpec.of(...)`), never structs.
    const childStruct = struct && !MAP_FIELDS.test(at);
    const value = isLiteralObject(v) ? objectExpr(v, at, notes, childStruct) : valueExpr(v, at, notes);
    entries.push({ key: k, value, comments: notes.filter((n) => n.path === `spec${at}`).map(noteComment) });
  }
  return { t: 'obj', struct, entries };
}

/** An add-on's constructor call: the typed props its descriptor names, then its values. */
function addonExpr(a: Addon, path: string, notes: ManifestNote[]): Expr {
  const cls = ref('hikube', a.constructor.name);
  const props = a._descriptor?.typedProps(a) ?? {};
  const values = (a as unknown as { valuesOverride?: Record<string, any> }).valuesOverride;
  const entries: Entry[] = Object.entries(props).map(([key, v]) => ({ key, value: valueExpr(v, `${path}.${key}`, notes), comments: [] }));
  if (values !== undefined) entries.push({ key: 'valuesOverride', value: objectExpr(values, `${path}.valuesOverride`, notes, false), comments: [] });
  return { t: 'new', cls, props: entries.length > 0 ? { t: 'obj', struct: true, entries } : undefined, addonKey: a.key };
}

/** A note as a comment, in the words `check` uses for the same finding. */
function noteComment(n: ManifestNote): string {
  return `${n.kind === 'repair' ? 'repaired' : 'carried over'}: ${n.path}: ${n.message}${n.repair ? ` (fix: ${n.repair.description})` : ''}`;
}

// ---- TypeScript and Python rendering ------------------------------------------------------------

interface Lang {
  readonly name: 'typescript' | 'python';
  key(k: string, struct: boolean): string;
  /** A static member: a constant (`InstanceType.U1_2XLARGE`) or a factory (`Size.gibibytes`). */
  member(m: string): string;
  lit(v: unknown): string;
  comment(text: string): string;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
const TS: Lang = {
  name: 'typescript',
  key: (k) => (IDENT.test(k) ? k : `'${k.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`),
  member: (m) => m,
  lit: (v) => (typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'` : JSON.stringify(v)),
  comment: (t) => `// ${t}`,
};
const snake = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const PY: Lang = {
  name: 'python',
  key: (k, struct) => JSON.stringify(struct ? snake(k) : k),
  // jsii splits a digit from the letter after it in constant names: U1_2XLARGE is U1_2_XLARGE in Python.
  member: (m) => (/^[A-Z0-9_]+$/.test(m) ? m.replace(/(\d)([A-Z])/g, '$1_$2') : snake(m)),
  lit: (v) => (v === null ? 'None' : v === true ? 'True' : v === false ? 'False' : JSON.stringify(v)),
  comment: (t) => `# ${t}`,
};

function render(e: Expr, lang: Lang, indent: string, used: Set<string>): string {
  const inner = `${indent}  `;
  switch (e.t) {
    case 'lit':
      if (isLiteralObject(e.v)) return render(objectExpr(e.v, '', [], false), lang, indent, used);
      if (Array.isArray(e.v)) return render({ t: 'arr', items: e.v.map(lit) }, lang, indent, used);
      return lang.lit(e.v);
    case 'ref':
      used.add(`${e.module}:${e.name}`);
      return e.member ? `${e.name}.${lang.member(e.member)}` : e.name;
    case 'call':
      return `${render(e.fn, lang, indent, used)}(${e.args.map((a) => render(a, lang, indent, used)).join(', ')})`;
    case 'new': {
      const cls = render(e.cls, lang, indent, used);
      if (lang.name === 'typescript') return `new ${cls}(${e.props ? render(e.props, lang, indent, used) : ''})`;
      return `${cls}(${e.props ? kwargs(e.props as Extract<Expr, { t: 'obj' }>, lang, indent, used) : ''})`;
    }
    case 'of': {
      const cls = render(e.cls, lang, indent, used);
      if (e.props.entries.length === 0) return `${cls}.of()`;
      // Python passes the options as keyword arguments, which jsii converts with every key checked.
      return `${cls}.of(${lang.name === 'typescript' ? render(e.props, lang, indent, used) : kwargs(e.props, lang, indent, used)})`;
    }
    case 'arr':
      if (e.items.length === 0) return '[]';
      return `[${e.items.map((i) => render(i, lang, indent, used)).join(', ')}]`;
    case 'obj': {
      if (e.entries.length === 0) return '{}';
      const lines = e.entries.map((en) => [
        ...en.comments.map((c) => `${inner}${lang.comment(c)}`),
        `${inner}${lang.key(en.key, e.struct)}: ${render(en.value, lang, inner, used)},`,
      ].join('\n'));
      return `{\n${lines.join('\n')}\n${indent}}`;
    }
  }
}

/** Python keyword arguments for the top level of a props struct. */
function kwargs(o: Extract<Expr, { t: 'obj' }>, lang: Lang, indent: string, used: Set<string>): string {
  const inner = `${indent}  `;
  const lines = o.entries.map((en) => [
    ...en.comments.map((c) => `${inner}${lang.comment(c)}`),
    `${inner}${snake(en.key)}=${render(en.value, lang, inner, used)},`,
  ].join('\n'));
  return `\n${lines.join('\n')}\n${indent}`;
}

const PY_MODULES: Record<Module, string> = { cdk8s: 'cdk8s', plus: 'cdk8s_plus_28', hikube: 'cdk8s_hikube' };
const TS_MODULES: Record<Module, string> = { cdk8s: 'cdk8s', plus: 'cdk8s-plus-28', hikube: 'cdk8s-hikube' };

function variableName(name: string, taken: Set<string>): string {
  let base = name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^[^A-Za-z_]+/, '') || 'cluster';
  base = base.charAt(0).toLowerCase() + base.slice(1);
  if (['app', 'new', 'class', 'import', 'from', 'def', 'const', 'let'].includes(base)) base = `${base}Cluster`;
  let v = base;
  for (let i = 2; taken.has(v); i++) v = `${base}${i}`;
  taken.add(v);
  return v;
}

/** One cluster read from a document, ready to write as code. */
export interface ImportedCluster {
  readonly source: string;
  readonly id: string;
  readonly reading: ManifestReading;
  readonly patches: Array<{ path: string; value: unknown }>;
}

/** Writes the program building every cluster. */
export function writeProgram(clusters: ImportedCluster[], langName: 'typescript' | 'python'): string {
  const lang = langName === 'python' ? PY : TS;
  const used = new Set<string>(['cdk8s:App', 'hikube:HikubeCluster']);
  const taken = new Set<string>();
  const blocks: string[] = [];
  for (const c of clusters) {
    const { deployed: _deployed, ...props } = c.reading.props;
    const notes = c.reading.notes;
    const named = c.reading.props.name === c.id ? { ...props, name: undefined } : props;
    const body = objectExpr(named as Record<string, any>, '', [], true);
    const unplaced = notes.filter((n) => n.kind === 'repair' && !placeNote(body, n));
    const header = [`${c.source}`, ...notes.filter((n) => n.kind === 'line').map((n) => n.message), ...unplaced.map(noteComment)].map((t) => lang.comment(t));
    const variable = variableName(c.id, taken);
    const patches = c.patches.map((p) => {
      used.add('cdk8s:JsonPatch');
      const value = render(lit(p.value), lang, '', used);
      return `${lang.comment(`carried over: ${p.path.slice(1).replace(/\//g, '.')} is not typed by this library`)}\n${variable}.resource.add_json_patch(JsonPatch.add(${lang.lit(p.path)}, ${value}))`;
    });
    // A variable only where the patches need the cluster again.
    if (lang.name === 'typescript') {
      const assign = patches.length > 0 ? `const ${variable} = ` : '';
      blocks.push([...header, `${assign}new HikubeCluster(app, ${lang.lit(c.id)}, ${render(body, lang, '', used)});`,
        ...patches.map((p) => `${p.replace('add_json_patch', 'addJsonPatch')};`)].join('\n'));
    } else {
      const assign = patches.length > 0 ? `${snake(variable)} = ` : '';
      blocks.push([...header, `${assign}HikubeCluster(app, ${lang.lit(c.id)},${kwargs(body, lang, '', used)})`,
        ...patches.map((p) => p.replace(`${variable}.resource`, `${snake(variable)}.resource`))].join('\n'));
    }
  }
  const byModule = new Map<Module, string[]>();
  for (const u of [...used].sort()) {
    const [module, name] = u.split(':') as [Module, string];
    byModule.set(module, [...(byModule.get(module) ?? []), name]);
  }
  const order: Module[] = ['cdk8s', 'plus', 'hikube'];
  if (lang.name === 'typescript') {
    const imports = order.filter((m) => byModule.has(m)).map((m) => `import { ${byModule.get(m)!.join(', ')} } from '${TS_MODULES[m]}';`);
    return `${imports.join('\n')}\n\nconst app = new App();\n\n${blocks.join('\n\n')}\n\napp.synth();\n`;
  }
  const imports = order.filter((m) => byModule.has(m)).map((m) => `from ${PY_MODULES[m]} import ${byModule.get(m)!.join(', ')}`);
  return `${imports.join('\n')}\n\napp = App()\n\n${blocks.join('\n\n')}\n\napp.synth()\n`;
}

/**
 * Attaches a note's comment to the deepest entry on its path; false when the path has none. An add-on's
 * key steps into its constructor's props, whose first entry takes the note when the path ends there (a
 * repaired key that became a typed setting).
 */
function placeNote(body: Extract<Expr, { t: 'obj' }>, note: ManifestNote): boolean {
  let node: Expr = body;
  let deepest: Entry | undefined;
  for (const s of note.path.split('.').slice(1)) {
    if (node.t === 'of') node = node.props;
    if (node.t === 'arr') {
      const addon: Expr | undefined = node.items.find((i) => i.t === 'new' && i.addonKey === s);
      if (addon?.t !== 'new' || addon.props?.t !== 'obj' || addon.props.entries.length === 0) break;
      node = addon.props;
      deepest = addon.props.entries[0];
      continue;
    }
    if (node.t !== 'obj') break;
    const entry: Entry | undefined = node.entries.find((e) => e.key === s);
    if (!entry) break;
    deepest = entry;
    node = entry.value;
  }
  deepest?.comments.push(noteComment(note));
  return deepest !== undefined;
}

/** Where `--out` writes: the file named, or `main.ts`/`main.py` inside a folder named (existing, or written with a trailing slash). */
function outputFile(out: string, lang: 'typescript' | 'python'): string {
  const folder = /[\\/]$/.test(out) || (fs.existsSync(out) && fs.statSync(out).isDirectory());
  return folder ? join(out, lang === 'python' ? 'main.py' : 'main.ts') : out;
}

/** An error of the file system as one line: the path and what went wrong, without a stack. */
function ioMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code && err.path ? `${err.path}: ${err.code === 'ENOENT' ? 'no such file or folder' : err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'is a folder' : err.code}` : String(err.message ?? e).split('\n')[0];
}

/** `import`: the program for every cluster of a file. */
export function importCommand(args: Args, io: Io): number {
  if (args.positional.length !== 1) throw new UsageError('import: name one file (or - for standard input)');
  const lang = args.options.lang ?? 'typescript';
  if (lang !== 'typescript' && lang !== 'python') throw new UsageError(`--lang ${lang}: use typescript or python`);
  const line = lineOption(args);
  try {
    return importFile(args.positional[0], line, lang, typeof args.options.out === 'string' ? args.options.out : undefined, io);
  } catch (e) {
    if (e instanceof UsageError || !(e as NodeJS.ErrnoException).code) throw e;
    io.err(`cdk8s-hikube import: ${ioMessage(e)}`);
    return 1;
  }
}

function importFile(file: string, line: PlatformLine | undefined, lang: 'typescript' | 'python', out: string | undefined, io: Io): number {
  const clusters: ImportedCluster[] = [];
  const byName = new Map<string, string>();
  const taken = new Set<string>();
  let failed = 0;
  let found = 0;
  for (const doc of loadDocuments([file])) {
    if (doc.value === undefined) {
      failed++;
      io.err(`${doc.file}:${doc.errors[0]?.line ?? doc.line}: not valid YAML: ${doc.errors[0]?.message ?? 'unreadable document'}`);
      continue;
    }
    if (!isClusterDocument(doc.value)) continue;
    found++;
    const a = analyse(doc, line);
    if (!a.cluster || !a.reading) {
      failed++;
      io.err(`${doc.file}:${doc.line}: cluster ${a.name} could not be read: ${a.findings.filter((f) => f.severity === 'error').map((f) => f.message).join('; ')}`);
      continue;
    }
    const name = a.cluster.clusterName;
    const key = `${a.cluster.tenantNamespace ?? ''}/${name}`;
    const first = byName.get(key);
    if (first) {
      io.err(`${doc.file}:${doc.line}: cluster ${name}${a.cluster.tenantNamespace ? ` in namespace ${a.cluster.tenantNamespace}` : ''} is already defined at ${first}; one name is one cluster, nothing written`);
      return 1;
    }
    byName.set(key, `${doc.file}:${doc.line}`);
    clusters.push({ source: `${doc.file}:${doc.line}`, id: constructId(name, a.cluster.tenantNamespace, taken), reading: a.reading, patches: a.patches ?? [] });
  }
  if (clusters.length === 0) {
    io.err(`${file}: ${found === 0 ? 'no Kubernetes document of apps.cozystack.io to import' : 'no cluster could be read'}; nothing written`);
    return 1;
  }
  const program = writeProgram(clusters, lang);
  if (out !== undefined) {
    const target = outputFile(out, lang);
    fs.mkdirSync(dirname(target), { recursive: true });
    fs.writeFileSync(target, program);
  } else {
    io.out(program.trimEnd());
  }
  return failed > 0 ? 1 : 0;
}
