import { ManifestNote, readManifest } from './from-manifest';
import type { KubernetesNodesProps } from './kubernetes-nodes';
import { appSchema, checkAppSpec } from './line-schema';
import type { TenantProps } from './tenant';
import { take } from '../model/addons/descriptor';
import { isPlainObject, pointerToken } from '../model/merge';
import { PlatformLine } from '../model/platform-line';

/**
 * `Tenant` and `KubernetesNodes` documents read into the props code would pass, so that the command line checks
 * them with the constructs' own rules. What the typed props do not cover is left over, to be carried onto the
 * resource as JSON patches, where the constructs' checks of the final document read it.
 */

/** A document read into props. @internal */
export interface DocumentReading<P> {
  readonly props: P;
  /** Spec fields the typed props do not cover, as a tree below `spec`. */
  readonly leftover: Record<string, any>;
  /** Repairs the reading noted (paths in the document). */
  readonly notes: ManifestNote[];
}

const TENANT_FLAGS = ['etcd', 'monitoring', 'ingress', 'seaweedfs', 'gateway', 'isolated', 'computeplane'] as const;
const ROOT_NAMESPACE = 'tenant-root';

/** The namespace a `Tenant` document makes: `tenant-<name>` under the root tenant, `<namespace>-<name>` deeper. @internal */
export function tenantNamespaceOf(doc: any): string | undefined {
  const name = doc?.metadata?.name;
  if (typeof name !== 'string') return undefined;
  const parent = typeof doc.metadata.namespace === 'string' ? doc.metadata.namespace : ROOT_NAMESPACE;
  return parent === ROOT_NAMESPACE ? `tenant-${name}` : `${parent}-${name}`;
}

/** Reads a `Tenant` document; the parent, when it is among the documents, is the caller's to give. @internal */
export function readTenant(doc: any, line: PlatformLine): DocumentReading<TenantProps> {
  const meta = isPlainObject(doc?.metadata) ? doc.metadata : {};
  const spec: Record<string, any> = structuredClone(isPlainObject(doc?.spec) ? doc.spec : {});
  const props: { -readonly [K in keyof TenantProps]?: TenantProps[K] } = { platformLine: line };
  if (typeof meta.name === 'string') props.name = meta.name;
  if (typeof meta.namespace === 'string') props.parentNamespace = meta.namespace;
  for (const key of TENANT_FLAGS) {
    if (typeof spec[key] === 'boolean') props[key] = take(spec, key);
  }
  for (const key of ['host', 'schedulingClass'] as const) {
    if (typeof spec[key] === 'string') props[key] = take(spec, key);
  }
  const quotas = spec.resourceQuotas;
  // Quantities may be written as numbers, which the typed props take as strings.
  if (isPlainObject(quotas) && Object.values(quotas).every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) {
    props.resourceQuotas = Object.fromEntries(Object.entries(take(spec, 'resourceQuotas')).map(([k, v]) => [k, String(v)]));
  }
  return { props, leftover: spec, notes: [] };
}

/**
 * The line `check` reads the `Tenant` documents of its input for when none is given: the tenants of one
 * platform share it, so it is chosen for all of them: among the lines whose schema refuses none of them and
 * knows the most of their fields, the default line if it is one, else the newest released one.
 * @internal
 */
export function tenantLine(specs: unknown[]): PlatformLine {
  const lines = PlatformLine.all();
  const unknown = (line: PlatformLine) => specs.reduce<number>((n, s) => n + checkAppSpec(s, 'Tenant', line).filter((f) => f.severity === 'warning').length, 0);
  const refused = (line: PlatformLine) => specs.some((s) => checkAppSpec(s, 'Tenant', line).some((f) => f.severity === 'error'));
  const scored = lines.filter((l) => appSchema('Tenant', l) !== undefined && !refused(l)).map((l) => [l, unknown(l)] as const);
  const fewest = Math.min(...scored.map(([, n]) => n));
  const fitting = scored.filter(([, n]) => n === fewest).map(([l]) => l);
  if (fitting.length === 0 || fitting.includes(PlatformLine.DEFAULT)) return PlatformLine.DEFAULT;
  return [...fitting].reverse().find((l) => l !== PlatformLine.MAIN) ?? fitting[fitting.length - 1];
}

/**
 * Reads a `KubernetesNodes` document for its cluster's line, through the reader of a cluster's node groups: the
 * pool's group fields are read as a group of the same name would be, its version and Talos settings as the
 * cluster's are.
 * @param pool the pool's name (the document's name after `<cluster>-`)
 * @internal
 */
export function readNodePool(doc: any, pool: string, line: PlatformLine): DocumentReading<Omit<KubernetesNodesProps, 'cluster'>> {
  const spec: Record<string, any> = structuredClone(isPlainObject(doc?.spec) ? doc.spec : {});
  const { cluster: _cluster, version, talos, ...group } = spec;
  const reading = readManifest({
    apiVersion: 'apps.cozystack.io/v1alpha1',
    kind: 'Kubernetes',
    metadata: {},
    spec: { nodeGroups: { [pool]: group }, ...(version !== undefined ? { version } : {}), ...(talos !== undefined ? { talos } : {}) },
  }, { platformLine: line });
  const read = reading.props;
  const props: Omit<KubernetesNodesProps, 'cluster'> = {
    ...read.nodeGroups?.[pool]?.options,
    pool,
    ...(read.version !== undefined ? { version: read.version } : {}),
    ...(read.talos !== undefined ? { talos: read.talos } : {}),
  };
  const { nodeGroups, ...rest } = reading.leftover;
  const leftover = { ...rest, ...(isPlainObject(nodeGroups?.[pool]) ? nodeGroups[pool] : {}) };
  const inGroup = `spec.nodeGroups.${pool}.`;
  const pointer = `/spec/nodeGroups/${pointerToken(pool)}/`;
  const notes = reading.notes.filter((n) => n.rule !== 'HK-CARRIED' && n.rule !== 'HK-LINE').map((n): ManifestNote => ({
    ...n,
    path: n.path.startsWith(inGroup) ? `spec.${n.path.slice(inGroup.length)}` : n.path,
    ...(n.repair ? {
      repair: {
        ...n.repair,
        operations: n.repair.operations.map((op) => ({
          ...op,
          path: op.path.replace(pointer, '/spec/'),
          ...(op.from !== undefined ? { from: op.from.replace(pointer, '/spec/') } : {}),
        })),
      },
    } : {}),
  }));
  return { props, leftover, notes };
}
