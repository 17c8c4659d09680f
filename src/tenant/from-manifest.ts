import { ApiObject, JsonPatch } from 'cdk8s';
import { addonDescriptor } from './addon-table';
import { unknownFieldFinding } from './field-suggestions';
import { FromManifestOptions } from './from-manifest-options';
import type { ClusterImages, HikubeCluster, HikubeClusterProps } from './hikube-cluster';
import { detectLine } from './line-detection';
import { checkAppSpec, valueAt } from './line-schema';
import { renderTenantSpec } from './tenant-spec';
import type { Repair, RepairOperation } from '../diagnostics/problems';
import type { RuleCode } from '../diagnostics/rules';
import type { Addon } from '../model/addons/addon';
import { unreadKeyRepair } from '../model/addons/chart-keys';
import { type AddonDescriptor, take } from '../model/addons/descriptor';
import { ApiServerVolume, ApiServerVolumeMount, ComponentSizing, ControlPlaneOptions } from '../model/control-plane';
import { Gpu } from '../model/gpu';
import { MaxUnhealthy, NodeHealthCheckOptions } from '../model/health-check';
import { InstanceType } from '../model/instance-type';
import { KubeletReservations, MemoryThreshold } from '../model/kubelet';
import { KubernetesVersion } from '../model/kubernetes-version';
import { yamlLibrary } from '../model/lazy-module';
import { isPlainObject, pointerToken } from '../model/merge';
import { NodeGroupOptions, NodeGroupSpec } from '../model/node-group';
import { NodeRole } from '../model/node-role';
import { OidcMode, OidcOptions, OidcRole, OidcUser } from '../model/oidc';
import { PlatformLine } from '../model/platform-line';
import { parseCpu, parseDuration, parseSize } from '../model/quantity';
import { ResourcesPreset } from '../model/resources-preset';
import { TalosOptions } from '../model/talos';

/** What reading a document noticed, for warnings and for the command line. @internal */
export interface ManifestNote {
  /** `repair` (an unambiguous mistake fixed), `carried` (kept as a JSON patch), `line` (how the line was chosen). */
  readonly kind: 'repair' | 'carried' | 'line';
  /** The rule of the catalog the note reports. */
  readonly rule: RuleCode;
  /** Dotted field path in the document, e.g. `spec.version`. */
  readonly path: string;
  readonly message: string;
  /** How to fix the document itself, for repairs. */
  readonly repair?: Repair;
}

/** A document read into cluster properties. @internal */
export interface ManifestReading {
  readonly props: HikubeClusterProps;
  readonly line: PlatformLine;
  readonly notes: ManifestNote[];
  /** Spec fields the typed API does not cover, as a tree merged into the rendered spec by JSON patches. */
  readonly leftover: Record<string, any>;
}

/** Metadata fields the API server writes; they describe the stored object, not the cluster. */
const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'finalizers', 'ownerReferences'];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Parses YAML text (one document) or passes a parsed object through. @internal */
export function parseManifest(manifest: any): Record<string, any> {
  // The YAML parser is loaded for text only: loading the library should not pay for it.
  const doc = typeof manifest === 'string' ? yamlLibrary().parse(manifest) : manifest;
  if (!isPlainObject(doc)) throw new Error('fromManifest: expected a Kubernetes document (YAML text or an object)');
  if (doc.kind !== 'Kubernetes' || (doc.apiVersion !== undefined && !String(doc.apiVersion).startsWith('apps.cozystack.io/'))) {
    throw new Error(`fromManifest: expected kind Kubernetes of apps.cozystack.io, got ${doc.apiVersion}/${doc.kind}`);
  }
  return doc;
}

/** Reads a `Kubernetes` document into the properties code would pass, noting every repair. @internal */
export function readManifest(manifest: any, options: FromManifestOptions = {}): ManifestReading {
  const doc = parseManifest(manifest);
  const notes: ManifestNote[] = [];
  const spec: Record<string, any> = JSON.parse(JSON.stringify(isPlainObject(doc.spec) ? doc.spec : {}));
  repairVersion(spec, notes);
  const { line, note } = options.platformLine ? { line: options.platformLine, note: undefined } : detectLine(spec, doc.appVersion);
  if (note) notes.push({ kind: 'line', rule: 'HK-LINE', path: 'spec', message: note });
  dropOtherLineFields(spec, line, notes);
  if (line.groupResourcesRequired) {
    for (const [name, group] of Object.entries<any>(spec.nodeGroups ?? {})) {
      if (isPlainObject(group) && group.resources === undefined) {
        notes.push({
          kind: 'repair',
          rule: 'HK-RESOURCES-MISSING',
          path: `spec.nodeGroups.${name}.resources`,
          repair: {
            description: 'write `resources: {}` in the group',
            operations: [{ op: 'add', path: `/spec/nodeGroups/${pointerToken(name)}/resources`, value: {} }],
          },
          message: `platform line ${line.name} refuses a node group without resources; an empty map sizes the group by its instanceType`,
        });
      }
    }
  }
  const meta = isPlainObject(doc.metadata) ? doc.metadata : {};
  const reader = new SpecReader(spec, line, notes);
  const annotations = isPlainObject(meta.annotations) ? { ...meta.annotations } : undefined;
  if (annotations && LAST_APPLIED in annotations) delete annotations[LAST_APPLIED];
  const props: HikubeClusterProps = {
    name: meta.name,
    tenantNamespace: options.tenantNamespace ?? meta.namespace,
    platformLine: line,
    labels: isPlainObject(meta.labels) ? meta.labels : undefined,
    annotations: annotations && Object.keys(annotations).length > 0 ? annotations : undefined,
    ...reader.cluster(),
  };
  const extraMeta = Object.keys(meta).filter((k) => !['name', 'namespace', 'labels', 'annotations', ...SERVER_METADATA].includes(k));
  for (const key of extraMeta) notes.push({ kind: 'carried', rule: 'HK-METADATA-DROPPED', path: `metadata.${key}`, message: 'not part of the cluster model; dropped' });
  const leftover = prune(spec) ?? {};
  for (const path of Object.keys(leftover).length > 0 ? leaves(leftover, ['spec']) : []) {
    notes.push({ kind: 'carried', rule: 'HK-CARRIED', path, message: 'not typed by this library; carried over unchanged as a JSON patch' });
  }
  return { props, line, notes, leftover };
}

/** The JSON patch additions that put the leftover fields into the rendered spec, each at the highest level the spec lacks. @internal */
export function leftoverOperations(leftover: Record<string, any>, rendered: Record<string, any>): Array<{ path: string; value: unknown }> {
  const out: Array<{ path: string; value: unknown }> = [];
  const walk = (left: Record<string, any>, have: any, pointer: string) => {
    for (const [key, value] of Object.entries(left)) {
      const at = `${pointer}/${pointerToken(key)}`;
      if (isPlainObject(have) && isPlainObject(have[key]) && isPlainObject(value)) walk(value, have[key], at);
      else out.push({ path: at, value });
    }
  };
  walk(leftover, rendered, '/spec');
  return out;
}

/**
 * Carries the leftover fields of a reading onto a resource as JSON patch additions, each at the highest level
 * the rendered spec lacks (the resource's own rendering unless given). @internal
 */
export function carryLeftover(
  resource: ApiObject, leftover: Record<string, any>, rendered?: Record<string, any>,
): Array<{ path: string; value: unknown }> {
  if (Object.keys(leftover).length === 0) return [];
  const ops = leftoverOperations(leftover, rendered ?? resource.toJson().spec ?? {});
  for (const op of ops) resource.addJsonPatch(JsonPatch.add(op.path, op.value));
  return ops;
}

/** Carries the leftover fields of a reading over to a cluster's resource, against the model's spec. @internal */
export function carryOver(cluster: HikubeCluster, leftover: Record<string, any>): Array<{ path: string; value: unknown }> {
  return carryLeftover(cluster.resource, leftover, renderTenantSpec(cluster));
}

function repairVersion(spec: Record<string, any>, notes: ManifestNote[]): void {
  if (typeof spec.version !== 'string') return;
  const patch = /^v?1\.(0|[1-9][0-9]*)\.[0-9]+$/.exec(spec.version);
  const bare = /^1\.(0|[1-9][0-9]*)$/.exec(spec.version);
  const minor = patch?.[1] ?? bare?.[1];
  if (minor === undefined) return;
  const fixed = `v1.${minor}`;
  notes.push({
    kind: 'repair',
    rule: 'HK-VERSION-PATCH',
    path: 'spec.version',
    repair: { description: `write version: ${fixed}`, operations: [{ op: 'replace', path: '/spec/version', value: fixed }] },
    message: `${JSON.stringify(spec.version)} is not a version the platform accepts, so it refuses the document; it takes the minor version and picks the patch itself`,
  });
  spec.version = fixed;
}

/**
 * Removes the fields of other platform lines, noting each as a repair: the platform reads the document with
 * them ignored, so the cluster is the same without them, while the typed props refuse them on this line.
 */
function dropOtherLineFields(spec: Record<string, any>, line: PlatformLine, notes: ManifestNote[]): void {
  for (const f of checkAppSpec(spec, 'Kubernetes', line)) {
    if (f.severity === 'error') continue;
    const segments = f.path.split('.');
    const other = unknownFieldFinding(spec, segments, line);
    if (other.rule !== 'HK-LINE-FIELD' || !other.repair) continue;
    const parent = valueAt(spec, segments.slice(0, -1));
    if (isPlainObject(parent)) delete parent[segments[segments.length - 1]];
    notes.push({ kind: 'repair', rule: other.rule, path: other.field, repair: other.repair, message: other.detail });
  }
}

/** Removes the empty maps left after reading (an empty map means the same as none after defaulting); undefined when nothing is left. */
function prune(value: any): any {
  if (!isPlainObject(value)) return value;
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(value)) {
    const kept = prune(v);
    if (kept !== undefined) out[k] = kept;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function leaves(value: any, at: string[]): string[] {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return [at.join('.')];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
}

// The quantity readers live beside their renderers, in the model; this module's callers find them here too.

/** Takes fields out of a spec copy as they are read; whatever remains is carried over untyped. */
class SpecReader {
  public constructor(private readonly spec: Record<string, any>, private readonly line: PlatformLine, private readonly notes: ManifestNote[]) {}

  public cluster(): Partial<HikubeClusterProps> {
    const s = this.spec;
    const out: { -readonly [K in keyof HikubeClusterProps]?: HikubeClusterProps[K] } = {};
    if (s.version !== undefined) out.version = typed('spec.version', () => KubernetesVersion.of(take(s, 'version')));
    if (typeof s.host === 'string') out.host = take(s, 'host');
    if (typeof s.storageClass === 'string') out.storageClass = take(s, 'storageClass');
    if (isPlainObject(s.controlPlane)) out.controlPlane = this.controlPlane(s.controlPlane);
    if (isPlainObject(s.nodeGroups)) {
      out.nodeGroups = {};
      for (const [name, g] of Object.entries<any>(s.nodeGroups)) {
        if (!isPlainObject(g)) continue;
        (out.nodeGroups as Record<string, NodeGroupSpec>)[name] = NodeGroupSpec._read(this.nodeGroup(g));
      }
    }
    if (isPlainObject(s.addons)) out.addons = this.addons(s.addons);
    if (isPlainObject(s.talos)) out.talos = this.talos(s.talos);
    if (isPlainObject(s.images)) out.images = this.images(s.images);
    if (isPlainObject(s.nodeHealthCheck)) out.nodeHealthCheck = this.healthCheck(s.nodeHealthCheck);
    if (isPlainObject(s.oidc) && typeof s.oidc.mode === 'string') out.oidc = this.oidc(s.oidc);
    const provision = parseDuration(s.maxNodeProvisionTime);
    if (provision) {
      out.maxNodeProvisionTime = provision;
      delete s.maxNodeProvisionTime;
    }
    return out;
  }

  private controlPlane(cp: Record<string, any>): ControlPlaneOptions {
    const out: { -readonly [K in keyof ControlPlaneOptions]?: ControlPlaneOptions[K] } = {};
    if (typeof cp.replicas === 'number') out.replicas = take(cp, 'replicas');
    for (const component of ['apiServer', 'controllerManager', 'scheduler'] as const) {
      if (isPlainObject(cp[component])) out[component] = sizing(`spec.controlPlane.${component}`, cp[component]);
    }
    if (isPlainObject(cp.konnectivity?.server)) out.konnectivity = sizing('spec.controlPlane.konnectivity.server', cp.konnectivity.server);
    const api = cp.apiServer;
    if (isPlainObject(api)) {
      if (Array.isArray(api.extraArgs) && api.extraArgs.every((a: unknown) => typeof a === 'string')) out.apiServerExtraArgs = take(api, 'extraArgs');
      if (Array.isArray(api.extraVolumes) && api.extraVolumes.every(isTypedVolume)) {
        out.apiServerExtraVolumes = take(api, 'extraVolumes').map((v: any) => ApiServerVolume.of({ name: v.name, configMap: v.configMap?.name, secret: v.secret?.secretName }));
      }
      if (Array.isArray(api.extraVolumeMounts) && api.extraVolumeMounts.every(isTypedMount)) {
        out.apiServerExtraVolumeMounts = take(api, 'extraVolumeMounts').map((m: any) => ApiServerVolumeMount.of({ name: m.name, mountPath: m.mountPath, readOnly: m.readOnly }));
      }
    }
    return out;
  }

  private nodeGroup(g: Record<string, any>): NodeGroupOptions {
    const out: { -readonly [K in keyof NodeGroupOptions]?: NodeGroupOptions[K] } = {};
    if (g.minReplicas !== undefined && typeof g.minReplicas !== 'object') out.minReplicas = take(g, 'minReplicas');
    if (g.maxReplicas !== undefined && typeof g.maxReplicas !== 'object') out.maxReplicas = take(g, 'maxReplicas');
    if (typeof g.instanceType === 'string') out.instanceType = InstanceType.of(take(g, 'instanceType'));
    const diskField = this.line.workerDiskField;
    const disk = parseSize(g[diskField]);
    if (disk) {
      out.diskSize = disk;
      delete g[diskField];
    }
    if (Array.isArray(g.roles) && g.roles.every((r: unknown) => typeof r === 'string')) out.roles = take(g, 'roles').map(NodeRole.of);
    if (Array.isArray(g.gpus) && g.gpus.every((x: any) => isPlainObject(x) && typeof x.name === 'string' && Object.keys(x).length === 1)) {
      const gpus = take(g, 'gpus').map((x: any) => Gpu.of(x.name));
      if (gpus.length > 0) out.gpus = gpus;
    }
    if (isPlainObject(g.resources)) {
      const cpu = parseCpu(g.resources.cpu);
      const memory = parseSize(g.resources.memory);
      if (cpu || memory) out.resources = { cpu, memory };
      if (cpu) delete g.resources.cpu;
      if (memory) delete g.resources.memory;
      if (Object.keys(g.resources).length === 0) delete g.resources;
    }
    if (typeof g.storageClass === 'string') out.storageClass = take(g, 'storageClass');
    if (isPlainObject(g.kubelet)) out.kubelet = kubelet(g.kubelet);
    const unhealthy = parseMaxUnhealthy(g.maxUnhealthy);
    if (unhealthy) {
      out.maxUnhealthy = unhealthy;
      delete g.maxUnhealthy;
    }
    const startup = parseDuration(g.nodeStartupTimeout);
    if (startup) {
      out.nodeStartupTimeout = startup;
      delete g.nodeStartupTimeout;
    }
    for (const name of ['podCpuLimit', 'podCpuRequest'] as const) {
      const cpu = parseCpu(g[name]);
      if (cpu) {
        out[name] = cpu;
        delete g[name];
      }
    }
    if (typeof g.logSerialConsole === 'boolean') out.logSerialConsole = take(g, 'logSerialConsole');
    return out;
  }

  /** The add-ons a document enables or sets values for, each read by its descriptor. */
  private addons(a: Record<string, any>): Addon[] {
    const out: Addon[] = [];
    for (const [key, raw] of Object.entries<any>(a)) {
      const descriptor = addonDescriptor(key);
      // Keys the library does not model stay, and are carried over untyped.
      if (!isPlainObject(raw) || !descriptor) continue;
      if (isPlainObject(raw.valuesOverride)) this.repairValues(descriptor, raw);
      const values = isPlainObject(raw.valuesOverride) ? raw.valuesOverride : undefined;
      const valuesOverride = values && Object.keys(values).length > 0 ? values : undefined;
      if (!descriptor.toggled) {
        if (raw.valuesOverride === undefined || values) delete raw.valuesOverride;
        if (valuesOverride) out.push(descriptor.fromManifest({ raw, values: valuesOverride }));
        continue;
      }
      if (raw.enabled !== true) {
        // Disabled add-ons are what the platform defaults to: nothing to model unless values are set.
        if ((raw.enabled === false || raw.enabled === undefined) && !valuesOverride && Object.keys(raw).every((k) => k === 'enabled' || k === 'valuesOverride')) delete a[key];
        continue;
      }
      delete raw.enabled;
      // An add-on without values leaves a valuesOverride to be carried over, as any field it does not read.
      if (descriptor.takesValues && (raw.valuesOverride === undefined || values)) delete raw.valuesOverride;
      out.push(descriptor.fromManifest({ raw, values: descriptor.takesValues ? valuesOverride : undefined }));
    }
    return out;
  }

  /**
   * Applies the add-on's own fix to each override key its charts ignore (a key beside the chart key, Flux
   * `gitRepository`), noting it: the document as written would install without those values.
   */
  private repairValues(descriptor: AddonDescriptor, raw: Record<string, any>): void {
    const key = descriptor.key;
    for (const name of Object.keys(raw.valuesOverride)) {
      const repair = unreadKeyRepair(descriptor, name, raw.valuesOverride);
      if (!repair) continue;
      const doc = JsonPatch.apply({ spec: { addons: { [key]: raw } } }, ...repair.operations.map(patchOf));
      raw.valuesOverride = doc.spec.addons[key].valuesOverride;
      this.notes.push({
        kind: 'repair',
        rule: 'HK-VALUES-MISPLACED',
        path: `spec.addons.${key}.valuesOverride.${name}`,
        repair,
        message: 'no chart of the platform reads this key here, so the platform installs the add-on without these values',
      });
    }
  }

  private images(i: Record<string, any>): ClusterImages {
    const out: { -readonly [K in keyof ClusterImages]?: ClusterImages[K] } = {};
    for (const key of ['waitForKubeconfig', 'kubectl', 'talosCsrSigner'] as const) if (typeof i[key] === 'string') out[key] = take(i, key);
    return out;
  }

  private talos(t: Record<string, any>): TalosOptions {
    const out: { -readonly [K in keyof TalosOptions]?: TalosOptions[K] } = {};
    const fields: Array<[keyof TalosOptions, string]> = [['version', 'version'], ['imageFactoryUrl', 'imageFactoryURL'], ['installerRepository', 'installerRepository'], ['schematicId', 'schematicID']];
    for (const [prop, key] of fields) if (typeof t[key] === 'string') out[prop] = take(t, key);
    if (isPlainObject(t.registryMirrors)) out.registryMirrors = take(t, 'registryMirrors');
    return out;
  }

  private healthCheck(hc: Record<string, any>): NodeHealthCheckOptions {
    const out: { -readonly [K in keyof NodeHealthCheckOptions]?: NodeHealthCheckOptions[K] } = {};
    const unhealthy = parseMaxUnhealthy(hc.maxUnhealthy);
    if (unhealthy) {
      out.maxUnhealthy = unhealthy;
      delete hc.maxUnhealthy;
    }
    for (const name of ['nodeStartupTimeout', 'readyUnknownTimeout', 'readyFalseTimeout'] as const) {
      const d = parseDuration(hc[name]);
      if (d) {
        out[name] = d;
        delete hc[name];
      }
    }
    return out;
  }

  private oidc(o: Record<string, any>): OidcOptions {
    const custom = isPlainObject(o.customConfig) ? o.customConfig : {};
    const config = typeof custom.config === 'string' ? take(custom, 'config') : undefined;
    const secret = isPlainObject(custom.secretRef) && typeof custom.secretRef.name === 'string' ? take(custom.secretRef, 'name') : undefined;
    const users = Array.isArray(o.users) && o.users.every((u: any) => isPlainObject(u) && Object.keys(u).every((k) => k === 'email' || k === 'role'))
      ? take(o, 'users').map((u: any) => OidcUser._read({ email: u.email, role: u.role as OidcRole })) : undefined;
    return { mode: take(o, 'mode') as OidcMode, customConfig: config, customConfigSecret: secret, users };
  }
}

/** A repair operation as the JSON patch cdk8s applies. */
function patchOf(op: RepairOperation): JsonPatch {
  switch (op.op) {
    case 'add': return JsonPatch.add(op.path, op.value);
    case 'replace': return JsonPatch.replace(op.path, op.value);
    case 'remove': return JsonPatch.remove(op.path);
    case 'move': return JsonPatch.move(op.from!, op.path);
  }
}

/** Runs a typed constructor, naming the document field in the error it throws. */
function typed<T>(field: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    throw new Error(`${field}: ${(e as Error).message}`);
  }
}

function sizing(field: string, s: Record<string, any>): ComponentSizing {
  const out: { -readonly [K in keyof ComponentSizing]?: ComponentSizing[K] } = {};
  if (typeof s.resourcesPreset === 'string') out.preset = typed(`${field}.resourcesPreset`, () => ResourcesPreset.named(take(s, 'resourcesPreset')));
  if (isPlainObject(s.resources)) {
    const cpu = parseCpu(s.resources.cpu);
    const memory = parseSize(s.resources.memory);
    if (cpu) {
      out.cpu = cpu;
      delete s.resources.cpu;
    }
    if (memory) {
      out.memory = memory;
      delete s.resources.memory;
    }
  }
  return out;
}

function kubelet(k: Record<string, any>): KubeletReservations {
  const out: { -readonly [K in keyof KubeletReservations]?: KubeletReservations[K] } = {};
  for (const name of ['systemReservedCpu', 'kubeReservedCpu'] as const) {
    const cpu = parseCpu(k[name]);
    if (cpu) {
      out[name] = cpu;
      delete k[name];
    }
  }
  for (const name of ['systemReservedMemory', 'kubeReservedMemory'] as const) {
    const size = parseSize(k[name]);
    if (size) {
      out[name] = size;
      delete k[name];
    }
  }
  for (const [prop, key] of [['evictionHard', 'evictionHardMemory'], ['evictionSoft', 'evictionSoftMemory']] as const) {
    const threshold = parseThreshold(k[key]);
    if (threshold) {
      out[prop] = threshold;
      delete k[key];
    }
  }
  return out;
}

function parseThreshold(value: unknown): MemoryThreshold | undefined {
  if (typeof value !== 'string') return undefined;
  const pct = /^([0-9]+(?:\.[0-9]+)?)%$/.exec(value);
  if (pct) return MemoryThreshold.percent(Number(pct[1]));
  const size = parseSize(value);
  return size ? MemoryThreshold.size(size) : undefined;
}

function parseMaxUnhealthy(value: unknown): MaxUnhealthy | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return MaxUnhealthy.count(value);
  if (typeof value !== 'string') return undefined;
  const m = /^([0-9]+)(%?)$/.exec(value);
  if (!m) return undefined;
  return m[2] ? MaxUnhealthy.percent(Number(m[1])) : MaxUnhealthy.count(Number(m[1]));
}

function isTypedVolume(v: any): boolean {
  if (!isPlainObject(v) || typeof v.name !== 'string') return false;
  const keys = Object.keys(v).sort().join(',');
  if (keys === 'configMap,name') return isPlainObject(v.configMap) && Object.keys(v.configMap).join() === 'name';
  if (keys === 'name,secret') return isPlainObject(v.secret) && Object.keys(v.secret).join() === 'secretName';
  return false;
}

function isTypedMount(m: any): boolean {
  return isPlainObject(m) && typeof m.name === 'string' && typeof m.mountPath === 'string' && typeof m.readOnly === 'boolean'
    && Object.keys(m).length === 3;
}
